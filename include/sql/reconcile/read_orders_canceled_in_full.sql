-- Of these Commerce orders, the open ones whose every line is canceled: they are canceled as a
-- whole, as an order Amazon canceled is.
SELECT so.entity_id AS order_id, so.increment_id, so.ext_order_id AS amazon_order_id
FROM commerce.sales_order so
WHERE so.entity_id = ANY (%(order_ids)s)
  AND so.status NOT IN (%(canceled)s, %(complete)s)
  AND NOT EXISTS (SELECT 1 FROM commerce.sales_order_item i
                  WHERE i.order_id = so.entity_id AND i.qty_canceled < i.qty_ordered)
ORDER BY so.entity_id
FOR UPDATE OF so
