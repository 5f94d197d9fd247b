-- Stock ran out between validation and load (another run took it): blocked like any other.
INSERT INTO amazon.validation_failure (run_key, amazon_order_id, order_item_id, reason, detail)
VALUES %s
ON CONFLICT DO NOTHING
