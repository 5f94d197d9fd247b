UPDATE commerce.catalog_product_entity
SET status = CASE WHEN %(enabled)s THEN 1 ELSE 2 END, updated_at = now()
WHERE sku = %(sku)s
