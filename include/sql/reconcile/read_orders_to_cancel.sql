-- Imported orders Amazon has since canceled (an order complete in Commerce stays complete).
SELECT so.entity_id AS order_id, so.increment_id, o.amazon_order_id
FROM amazon."order" o
JOIN commerce.sales_order so ON so.entity_id = o.commerce_order_id
WHERE o.store_id = %(store_id)s AND o.order_status = %(amazon_canceled)s
  AND so.status NOT IN (%(canceled)s, %(complete)s)
ORDER BY so.entity_id
FOR UPDATE OF so
