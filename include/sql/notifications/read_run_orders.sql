-- The store's orders the run fetched: its candidates are chosen among them only.
SELECT DISTINCT amazon_order_id FROM amazon.order_notification
WHERE dag_run_id = %(dag_run_id)s AND store_id = %(store_id)s AND outcome = 'fetched'
ORDER BY amazon_order_id
