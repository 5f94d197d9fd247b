-- A source's physical quantity of a product (what a stock update sets).
INSERT INTO commerce.inventory_source_item (source_code, sku, quantity)
SELECT %(source)s, p.sku, %(qty)s FROM commerce.catalog_product_entity p WHERE p.sku = %(sku)s
ON CONFLICT (source_code, sku) DO UPDATE SET quantity = EXCLUDED.quantity
