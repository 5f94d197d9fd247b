-- An order's note, added only when it differs from the order's latest (a note repeated at
-- every run, such as why a shipment cannot be recorded yet, is written once).
INSERT INTO amazon.order_event (amazon_order_id, run_key, note)
SELECT %(amazon_order_id)s, %(run_key)s, %(note)s
WHERE %(note)s IS DISTINCT FROM (SELECT e.note FROM amazon.order_event e
                                 WHERE e.amazon_order_id = %(amazon_order_id)s
                                 ORDER BY e.event_id DESC LIMIT 1)
