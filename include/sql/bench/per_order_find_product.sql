SELECT p.entity_id, p.sku, p.name, p.status
FROM amazon.listing l JOIN commerce.catalog_product_entity p ON p.entity_id = l.product_id
WHERE l.store_id = %(store_id)s AND l.seller_sku = %(seller_sku)s
