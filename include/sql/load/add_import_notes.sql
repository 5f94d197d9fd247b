INSERT INTO amazon.order_event (amazon_order_id, run_key, note)
SELECT o.amazon_order_id, %(run_key)s, 'Imported as Commerce order #' || so.increment_id || ' (' || so.status || ')'
FROM amazon."order" o
JOIN commerce.sales_order so ON so.entity_id = o.commerce_order_id
WHERE o.amazon_order_id = ANY (%(order_ids)s)
