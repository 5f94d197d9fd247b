-- A replayed window's orders: those of the store purchased in it (either end open).
SELECT o.amazon_order_id
FROM amazon."order" o
WHERE o.store_id = %(store_id)s
  AND (%(purchased_from)s::timestamptz IS NULL OR o.purchase_date >= %(purchased_from)s::timestamptz)
  AND (%(purchased_to)s::timestamptz IS NULL OR o.purchase_date < %(purchased_to)s::timestamptz)
ORDER BY o.purchase_date, o.amazon_order_id
