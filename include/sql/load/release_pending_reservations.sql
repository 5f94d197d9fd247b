-- The compensation of the orders' pending reservations (they became the orders', or were
-- canceled), in the stock they were held in.
INSERT INTO commerce.inventory_reservation (stock_id, sku, quantity, object_type, object_id, event)
SELECT r.stock_id, r.sku, -sum(r.quantity), 'amazon_pending', r.object_id, 'pending_released'
FROM commerce.inventory_reservation r
WHERE r.object_type = 'amazon_pending' AND r.object_id = ANY (%(order_ids)s)
GROUP BY r.stock_id, r.sku, r.object_id
HAVING sum(r.quantity) <> 0
ON CONFLICT (object_type, object_id, sku, event) DO NOTHING
