-- The order's shipments, their tracking numbers, and whether Amazon has the confirmation
-- (a shipment without one was shipped outside Commerce: Amazon told us, nothing to confirm).
SELECT sh.increment_id AS shipment, sh.total_qty, sh.created_at, t.carrier_code, t.track_number,
       coalesce(c.state, 'none needed: shipped outside Commerce') AS confirmation, c.confirmed_at, c.attempts AS confirmation_attempts
FROM amazon."order" o
JOIN commerce.sales_shipment sh ON sh.order_id = o.commerce_order_id
LEFT JOIN commerce.sales_shipment_track t ON t.parent_id = sh.entity_id
LEFT JOIN amazon.shipment_confirmation c ON c.shipment_id = sh.entity_id
WHERE o.amazon_order_id = %(amazon_order_id)s
ORDER BY sh.created_at, t.entity_id
