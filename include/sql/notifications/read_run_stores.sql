-- The stores with notified orders to fetch in the run.
SELECT DISTINCT store_id FROM amazon.order_notification
WHERE dag_run_id = %(dag_run_id)s AND outcome = 'fetch'
ORDER BY store_id
