-- Revenue per Amazon store in each order currency, as the buyers paid it (canceled orders left out,
-- and what Amazon canceled of the others).
SELECT s.name AS store_name, so.order_currency_code AS currency, count(*) AS orders,
       sum(so.grand_total - so.total_canceled) AS grand_total
FROM commerce.sales_order so
JOIN amazon."order" o ON o.commerce_order_id = so.entity_id
JOIN amazon.store s ON s.store_id = o.store_id
WHERE so.status <> %(canceled)s
GROUP BY s.name, so.order_currency_code
ORDER BY s.name, so.order_currency_code
