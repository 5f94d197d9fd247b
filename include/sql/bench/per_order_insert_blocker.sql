INSERT INTO amazon.blocker (amazon_order_id, order_item_id, reason, detail, last_run_key)
VALUES (%(amazon_order_id)s, %(order_item_id)s, %(reason)s, %(reason)s, 'per-order')
ON CONFLICT DO NOTHING
