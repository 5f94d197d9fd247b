-- Every store lists every product, matched by SKU.
INSERT INTO amazon.listing (store_id, seller_sku, asin, product_id)
SELECT s.store_id, 'S-' || p.sku, 'B0' || p.entity_id, p.entity_id
FROM amazon.store s CROSS JOIN commerce.catalog_product_entity p
