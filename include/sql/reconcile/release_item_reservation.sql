-- Give back what a canceled quantity of a line held: one compensating entry per line and
-- cancellation (the line's id and the quantity canceled up to now name it), in the stock the
-- order reserved it in (its own order_placed entry of the SKU). Amazon-fulfilled orders and
-- products that reserved nothing have no such entry, and get nothing back.
INSERT INTO commerce.inventory_reservation (stock_id, sku, quantity, object_type, object_id, event)
SELECT placed.stock_id, placed.sku, %(qty)s, placed.object_type, placed.object_id,
       'item_canceled:' || %(ext_order_item_id)s || ':' || %(canceled_up_to)s
FROM commerce.inventory_reservation placed
WHERE placed.object_type = 'order' AND placed.object_id = %(increment_id)s AND placed.sku = %(sku)s
  AND placed.event = 'order_placed'
ON CONFLICT DO NOTHING  -- the ledger's unique (object_type, object_id, sku, event): never twice
