-- The store's notified orders the run fetches (each once, however many notifications named it).
SELECT DISTINCT amazon_order_id FROM amazon.order_notification
WHERE dag_run_id = %(dag_run_id)s AND store_id = %(store_id)s AND outcome = 'fetch'
ORDER BY amazon_order_id
