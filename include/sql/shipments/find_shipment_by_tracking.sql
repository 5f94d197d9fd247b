-- The same tracking number on the same order is the same package: recording it again is a no-op.
SELECT sh.increment_id
FROM commerce.sales_shipment_track t
JOIN commerce.sales_shipment sh ON sh.entity_id = t.parent_id
WHERE t.order_id = %(order_id)s AND t.track_number = %(track_number)s
