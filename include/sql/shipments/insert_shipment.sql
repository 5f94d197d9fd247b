INSERT INTO commerce.sales_shipment (order_id, increment_id, total_qty)
VALUES (%(order_id)s, lpad(nextval('commerce.sequence_shipment')::text, 9, '0'), %(total_qty)s)
RETURNING entity_id, increment_id
