-- A product's stock settings (Commerce's stock item): manage_stock, and backorders (0 no, 1 allowed).
INSERT INTO commerce.cataloginventory_stock_item (product_id, manage_stock, backorders)
SELECT entity_id, %(manage_stock)s, %(backorders)s FROM commerce.catalog_product_entity WHERE sku = %(sku)s
ON CONFLICT (product_id) DO UPDATE SET manage_stock = EXCLUDED.manage_stock, backorders = EXCLUDED.backorders
