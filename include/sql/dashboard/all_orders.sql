-- All Orders with the mission's filters (each optional), one page at a time; `total_rows`
-- counts every match for the pager.
SELECT g.*, count(*) OVER () AS total_rows
FROM amazon.orders_grid g
WHERE (%(store)s::text IS NULL OR g.store_name = %(store)s::text)
  AND (%(purchased_from)s::date IS NULL OR g.purchase_date >= %(purchased_from)s::date)
  AND (%(purchased_to)s::date IS NULL OR g.purchase_date < %(purchased_to)s::date + 1)
  AND (%(number)s::text IS NULL OR g.amazon_order_id ILIKE '%%' || %(number)s::text || '%%'
       OR g.commerce_order_number ILIKE '%%' || %(number)s::text || '%%')
  AND (%(buyer)s::text IS NULL OR g.buyer_name ILIKE '%%' || %(buyer)s::text || '%%')
  AND (%(total_min)s::numeric IS NULL OR g.grand_total >= %(total_min)s::numeric)
  AND (%(total_max)s::numeric IS NULL OR g.grand_total <= %(total_max)s::numeric)
  AND (%(status)s::text IS NULL OR g.status = %(status)s::text)
ORDER BY g.purchase_date DESC NULLS LAST, g.amazon_order_id
LIMIT %(limit)s OFFSET %(offset)s
