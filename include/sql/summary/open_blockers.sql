SELECT store_name, amazon_order_id, reason, detail, attempts FROM amazon.open_blockers
ORDER BY store_name, amazon_order_id, reason
