SELECT from_status, to_status, last_update_date, recorded_at FROM amazon.order_status_change
WHERE amazon_order_id = %(amazon_order_id)s
ORDER BY change_id
