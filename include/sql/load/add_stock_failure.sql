-- Stock ran out between validation and load (another run took it): blocked like any other.
INSERT INTO amazon.validation_failure (run_key, amazon_order_id, order_item_id, reason, detail)
VALUES (%(run_key)s, %(amazon_order_id)s, %(order_item_id)s, 'OUT_OF_STOCK', %(detail)s)
ON CONFLICT DO NOTHING
