-- Shipments not yet confirmed to Amazon, with what the confirmation must say.
SELECT c.shipment_id, c.amazon_order_id, sh.increment_id AS package_reference_id, sh.created_at AS ship_date,
       t.carrier_code, t.track_number, o.marketplace_id,
       json_agg(json_build_object('orderItemId', i.ext_order_item_id, 'quantity', si.qty::int)
                ORDER BY i.ext_order_item_id) AS order_items
FROM amazon.shipment_confirmation c
JOIN amazon."order" o USING (amazon_order_id)
JOIN commerce.sales_shipment sh ON sh.entity_id = c.shipment_id
JOIN commerce.sales_shipment_track t ON t.parent_id = sh.entity_id
JOIN commerce.sales_shipment_item si ON si.parent_id = sh.entity_id
JOIN commerce.sales_order_item i ON i.item_id = si.order_item_id
JOIN commerce.sales_order so ON so.entity_id = sh.order_id
WHERE o.store_id = %(store_id)s AND c.state <> 'confirmed' AND c.attempts < %(max_attempts)s
  AND so.status <> 'canceled'  -- a canceled order is never confirmed
GROUP BY c.shipment_id, c.amazon_order_id, sh.increment_id, sh.created_at, t.carrier_code, t.track_number,
         o.marketplace_id
ORDER BY c.shipment_id
