-- A world of one stock per store: each store's source holds every product (about 0.8% none).
INSERT INTO commerce.inventory_source_item (source_code, sku, quantity)
SELECT l.source_code, p.sku, CASE WHEN p.entity_id % 125 = 11 THEN 0 ELSE 1000000 END
FROM commerce.catalog_product_entity p
CROSS JOIN commerce.inventory_source_stock_link l
WHERE l.stock_id <> 1
