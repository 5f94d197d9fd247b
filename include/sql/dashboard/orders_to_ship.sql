-- The store dashboard's Orders to ship, every store: amazon.orders_to_ship's first 50 of each
-- (earliest ship-by first, so late ones lead), with each store's counts of all, late and due today.
SELECT *
FROM (
    SELECT t.*,
           row_number() OVER per_store AS to_ship_rank,
           count(*) OVER all_of_store AS to_ship_total,
           count(*) FILTER (WHERE t.due = 'late') OVER all_of_store AS to_ship_late,
           count(*) FILTER (WHERE t.due = 'today') OVER all_of_store AS to_ship_today
    FROM amazon.orders_to_ship t
    WINDOW per_store AS (PARTITION BY t.store_id ORDER BY t.ship_by_latest NULLS LAST, t.purchase_date,
                                                          t.amazon_order_id),
           all_of_store AS (PARTITION BY t.store_id)
) ranked
WHERE to_ship_rank <= %(limit)s
ORDER BY store_name, to_ship_rank
