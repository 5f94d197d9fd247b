-- Pending reservations of orders Amazon canceled before they became Commerce orders, released
-- in the stock they were held in.
INSERT INTO commerce.inventory_reservation (stock_id, sku, quantity, object_type, object_id, event)
SELECT r.stock_id, r.sku, -sum(r.quantity), 'amazon_pending', r.object_id, 'pending_released'
FROM commerce.inventory_reservation r
JOIN amazon."order" o ON o.amazon_order_id = r.object_id
WHERE r.object_type = 'amazon_pending' AND o.store_id = %(store_id)s
  AND o.order_status = %(amazon_canceled)s AND o.commerce_order_id IS NULL
GROUP BY r.stock_id, r.sku, r.object_id
HAVING sum(r.quantity) <> 0
ON CONFLICT (object_type, object_id, sku, event) DO NOTHING
