-- Give back what a canceled order still held: its ordered, not shipped, not canceled quantity.
INSERT INTO commerce.inventory_reservation (sku, quantity, object_type, object_id, event)
SELECT i.sku, sum(i.qty_ordered - i.qty_shipped - i.qty_canceled), 'order', so.increment_id, 'order_canceled'
FROM commerce.sales_order_item i
JOIN commerce.sales_order so ON so.entity_id = i.order_id
JOIN amazon."order" o ON o.commerce_order_id = so.entity_id
WHERE so.entity_id = %(order_id)s AND o.fulfillment_channel = %(merchant_channel)s
GROUP BY i.sku, so.increment_id
HAVING sum(i.qty_ordered - i.qty_shipped - i.qty_canceled) > 0
ON CONFLICT (object_type, object_id, sku, event) DO NOTHING
