INSERT INTO amazon.order_event (amazon_order_id, run_key, note) VALUES (%(amazon_order_id)s, %(run_key)s, %(note)s)
