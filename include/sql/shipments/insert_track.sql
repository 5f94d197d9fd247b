INSERT INTO commerce.sales_shipment_track (parent_id, order_id, carrier_code, title, track_number)
VALUES (%(shipment_id)s, %(order_id)s, %(carrier_code)s, %(carrier_code)s, %(track_number)s)
