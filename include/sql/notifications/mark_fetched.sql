-- The run's notifications of these orders of the store: fetched, or not found at Amazon.
UPDATE amazon.order_notification SET outcome = %(outcome)s
WHERE dag_run_id = %(dag_run_id)s AND store_id = %(store_id)s AND outcome = 'fetch'
  AND amazon_order_id = ANY (%(order_ids)s)
