INSERT INTO commerce.sales_order_status_history (parent_id, status, comment)
VALUES (%(order_id)s, %(status)s, %(comment)s)
