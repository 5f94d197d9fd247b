-- Amazon says Shipped and Commerce has shipped every open quantity: the order is complete.
SELECT so.entity_id AS order_id, so.increment_id, o.amazon_order_id
FROM amazon."order" o
JOIN commerce.sales_order so ON so.entity_id = o.commerce_order_id
WHERE o.store_id = %(store_id)s AND o.order_status = %(amazon_shipped)s
  AND so.status NOT IN (%(canceled)s, %(complete)s)
  AND NOT EXISTS (SELECT 1 FROM commerce.sales_order_item i
                  WHERE i.order_id = so.entity_id AND i.qty_shipped + i.qty_canceled < i.qty_ordered)
ORDER BY so.entity_id
FOR UPDATE OF so
