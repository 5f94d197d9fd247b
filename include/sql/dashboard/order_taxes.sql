-- The Commerce order's taxes by who collects them (code amazon_marketplace_facilitator or seller).
SELECT t.code, t.title, t.percent, t.amount, t.base_amount, t.responsible_party
FROM amazon."order" o
JOIN commerce.sales_order_tax t ON t.order_id = o.commerce_order_id
WHERE o.amazon_order_id = %(amazon_order_id)s
ORDER BY t.position, t.code
