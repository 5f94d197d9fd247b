-- Orders final (shipped, canceled) for longer than the retention period whose copies still
-- carry the buyer's data (never cleaned, or fetched again since), a batch at a time.
SELECT o.amazon_order_id, o.payload
FROM amazon."order" o
WHERE o.order_status = ANY(%(final_statuses)s)
  AND o.last_update_date < now() - make_interval(days => %(retention_days)s)
  AND (o.personal_data_removed_at IS NULL OR o.fetched_at > o.personal_data_removed_at)
  AND o.amazon_order_id > %(after)s
ORDER BY o.amazon_order_id
LIMIT %(batch)s
