SELECT g.store_name, g.amazon_order_id, g.commerce_order_number, g.commerce_status, so.subtotal,
       so.shipping_amount, so.tax_amount, so.discount_amount, so.grand_total,
       so.order_currency_code AS currency, so.base_grand_total, so.base_currency_code AS base_currency,
       so.total_invoiced, so.total_canceled
FROM amazon.orders_grid g
JOIN commerce.sales_order so ON so.increment_id = g.commerce_order_number
ORDER BY g.store_name, g.purchase_date
