SELECT entity_id FROM commerce.catalog_product_entity WHERE sku = %(sku)s
