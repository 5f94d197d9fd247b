-- A shipment gives back the reservation of what it shipped, in the stock the order reserved it
-- in (the order's own order_placed entry; a product that reserved nothing gets nothing back).
INSERT INTO commerce.inventory_reservation (stock_id, sku, quantity, object_type, object_id, event)
SELECT placed.stock_id, si.sku, sum(si.qty), 'shipment', sh.increment_id, 'shipment_created'
FROM commerce.sales_shipment_item si
JOIN commerce.sales_shipment sh ON sh.entity_id = si.parent_id
JOIN commerce.sales_order so ON so.entity_id = sh.order_id
JOIN commerce.inventory_reservation placed
    ON placed.object_type = 'order' AND placed.object_id = so.increment_id AND placed.sku = si.sku
   AND placed.event = 'order_placed'
WHERE si.parent_id = %(shipment_id)s
GROUP BY placed.stock_id, si.sku, sh.increment_id
ON CONFLICT (object_type, object_id, sku, event) DO NOTHING
