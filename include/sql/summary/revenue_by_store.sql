-- Revenue per Amazon store in the base currency: the Commerce orders it created, canceled ones
-- left out and what Amazon canceled of the others taken off, summed in base_grand_total (each
-- order at the rate of its import).
SELECT s.name AS store_name, so.base_currency_code AS base_currency, count(*) AS orders,
       sum(so.base_grand_total - so.base_total_canceled) AS base_grand_total
FROM commerce.sales_order so
JOIN amazon."order" o ON o.commerce_order_id = so.entity_id
JOIN amazon.store s ON s.store_id = o.store_id
WHERE so.status <> %(canceled)s
GROUP BY s.name, so.base_currency_code
ORDER BY s.name, so.base_currency_code
