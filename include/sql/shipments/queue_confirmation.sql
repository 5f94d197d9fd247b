INSERT INTO amazon.shipment_confirmation (shipment_id, amazon_order_id)
VALUES (%(shipment_id)s, %(amazon_order_id)s)
