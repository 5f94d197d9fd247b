SELECT note, run_key, created_at FROM amazon.order_event
WHERE amazon_order_id = %(amazon_order_id)s
ORDER BY event_id DESC
