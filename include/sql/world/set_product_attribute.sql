-- A product's attribute (its ASIN, say), by SKU.
INSERT INTO commerce.catalog_product_entity_varchar (entity_id, attribute_code, value)
SELECT entity_id, %(code)s, %(value)s FROM commerce.catalog_product_entity WHERE sku = %(sku)s
ON CONFLICT (entity_id, attribute_code) DO UPDATE SET value = EXCLUDED.value
