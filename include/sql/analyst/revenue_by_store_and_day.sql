-- The example analyst DAG's mart: each store's Commerce orders and revenue per day, in the
-- base currency, less what was canceled, as analysts would refresh it on new orders.
SELECT s.name AS store_name, so.created_at::date AS day, count(*) AS orders,
       sum(so.base_grand_total - coalesce(so.base_total_canceled, 0))::numeric(20, 2)::text AS base_revenue,
       so.base_currency_code
FROM commerce.sales_order so
JOIN amazon."order" o ON o.commerce_order_id = so.entity_id
JOIN amazon.store s ON s.store_id = o.store_id
GROUP BY s.name, so.created_at::date, so.base_currency_code
ORDER BY day DESC, s.name
