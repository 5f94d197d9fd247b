-- The store's open blockers no alert has named yet (no buyer data: ids, SKUs, reasons).
SELECT b.blocker_id, s.name AS store_name, b.amazon_order_id, b.order_item_id, b.seller_sku, b.sku,
       b.reason, b.detail, b.first_seen_at
FROM amazon.blocker b
JOIN amazon."order" o USING (amazon_order_id)
JOIN amazon.store s ON s.store_id = o.store_id
WHERE o.store_id = %(store_id)s
  AND b.resolved_at IS NULL
  AND b.alerted_at IS NULL
ORDER BY b.first_seen_at, b.amazon_order_id, b.order_item_id
