-- An order's Amazon status as this answer has it, when it differs from the stored one
-- (run before the upsert; a first sighting records the change from nothing).
INSERT INTO amazon.order_status_change (amazon_order_id, from_status, to_status, last_update_date, run_key)
SELECT %(amazon_order_id)s, o.order_status, %(order_status)s, %(last_update_date)s, %(run_key)s
FROM (SELECT 1) one
LEFT JOIN amazon."order" o ON o.amazon_order_id = %(amazon_order_id)s
WHERE (o.amazon_order_id IS NULL OR (o.order_status IS DISTINCT FROM %(order_status)s
                                     AND o.store_id = %(store_id)s
                                     AND (o.last_update_date IS NULL
                                          OR %(last_update_date)s >= o.last_update_date)))
