SELECT * FROM amazon.open_blockers ORDER BY store_name, first_seen_at, amazon_order_id, order_item_id
