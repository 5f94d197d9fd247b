-- Give back what a canceled order still held: its ordered, not shipped, not canceled quantity,
-- in the stock the order reserved it in (its own order_placed entry: a product that did not
-- manage stock when the order was placed reserved nothing, and gets nothing back).
INSERT INTO commerce.inventory_reservation (stock_id, sku, quantity, object_type, object_id, event)
SELECT placed.stock_id, i.sku, sum(i.qty_ordered - i.qty_shipped - i.qty_canceled), 'order', so.increment_id,
       'order_canceled'
FROM commerce.sales_order_item i
JOIN commerce.sales_order so ON so.entity_id = i.order_id
JOIN amazon."order" o ON o.commerce_order_id = so.entity_id
JOIN commerce.inventory_reservation placed
    ON placed.object_type = 'order' AND placed.object_id = so.increment_id AND placed.sku = i.sku
   AND placed.event = 'order_placed'
WHERE so.entity_id = %(order_id)s AND o.fulfillment_channel = %(merchant_channel)s
GROUP BY placed.stock_id, i.sku, so.increment_id
HAVING sum(i.qty_ordered - i.qty_shipped - i.qty_canceled) > 0
ON CONFLICT (object_type, object_id, sku, event) DO NOTHING
