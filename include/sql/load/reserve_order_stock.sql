-- Merchant-fulfilled orders reserve what they ordered (Amazon's own stock is not ours).
INSERT INTO commerce.inventory_reservation (sku, quantity, object_type, object_id, event)
SELECT soi.sku, -sum(soi.qty_ordered), 'order', so.increment_id, 'order_placed'
FROM amazon."order" o
JOIN commerce.sales_order so ON so.entity_id = o.commerce_order_id
JOIN commerce.sales_order_item soi ON soi.order_id = so.entity_id
WHERE o.amazon_order_id = ANY (%(order_ids)s) AND o.fulfillment_channel = %(merchant_channel)s
GROUP BY soi.sku, so.increment_id
ON CONFLICT (object_type, object_id, sku, event) DO NOTHING
