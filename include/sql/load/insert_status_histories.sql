INSERT INTO commerce.sales_order_status_history (parent_id, status, comment)
SELECT so.entity_id, so.status,
       'Imported from Amazon order ' || o.amazon_order_id || ' (' || o.order_status || ', ' || o.fulfillment_channel || ')'
FROM amazon."order" o
JOIN commerce.sales_order so ON so.entity_id = o.commerce_order_id
WHERE o.amazon_order_id = ANY (%(order_ids)s)
