-- The run's notifications no newer than the stored copy of their order (its lastUpdatedTime):
-- nothing to fetch, the order is as stored (or newer).
UPDATE amazon.order_notification n SET outcome = 'stale'
FROM amazon."order" o
WHERE n.dag_run_id = %(dag_run_id)s AND n.outcome = 'fetch'
  AND o.amazon_order_id = n.amazon_order_id
  AND n.time_of_order_change IS NOT NULL AND o.last_update_date >= n.time_of_order_change
RETURNING n.notification_id
