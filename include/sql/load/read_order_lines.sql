SELECT i.order_item_id, i.seller_sku, i.quantity_ordered, i.item_price, p.entity_id AS product_id,
       p.sku, p.name
FROM amazon.order_item i
JOIN amazon."order" o USING (amazon_order_id)
JOIN amazon.listing l ON l.store_id = o.store_id AND l.seller_sku = i.seller_sku
JOIN commerce.catalog_product_entity p ON p.entity_id = l.product_id
WHERE i.amazon_order_id = %(amazon_order_id)s
ORDER BY i.order_item_id
