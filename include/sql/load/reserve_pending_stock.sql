-- Merchant-fulfilled Pending orders hold their stock when the store reserves for pending orders.
INSERT INTO commerce.inventory_reservation (sku, quantity, object_type, object_id, event)
SELECT p.sku, -sum(i.quantity_ordered), 'amazon_pending', o.amazon_order_id, 'pending_reserved'
FROM amazon."order" o
JOIN amazon.order_item i USING (amazon_order_id)
JOIN amazon.listing l ON l.store_id = o.store_id AND l.seller_sku = i.seller_sku
JOIN commerce.catalog_product_entity p ON p.entity_id = l.product_id
WHERE o.amazon_order_id = ANY (%(order_ids)s)
GROUP BY p.sku, o.amazon_order_id
ON CONFLICT (object_type, object_id, sku, event) DO NOTHING
RETURNING sku
