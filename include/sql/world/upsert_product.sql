INSERT INTO commerce.catalog_product_entity (sku, name, price, status)
VALUES (%(sku)s, %(name)s, %(price)s, CASE WHEN %(enabled)s THEN 1 ELSE 2 END)
ON CONFLICT (sku) DO UPDATE
SET name = EXCLUDED.name, price = EXCLUDED.price, status = EXCLUDED.status, updated_at = now()
