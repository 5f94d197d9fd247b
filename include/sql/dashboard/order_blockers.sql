-- Every blocker the order ever had, open first.
SELECT order_item_id, seller_sku, sku, reason, detail, first_seen_at, last_checked_at, attempts, resolved_at
FROM amazon.blocker
WHERE amazon_order_id = %(amazon_order_id)s
ORDER BY resolved_at IS NOT NULL, first_seen_at DESC, blocker_id DESC
