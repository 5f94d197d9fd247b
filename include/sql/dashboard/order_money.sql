-- The order's money: the Commerce order's amounts (Commerce's signs: discount_amount <= 0), its
-- payment and invoices; beside them Amazon's tax by who collects it (amazon.order_money), which
-- is there before the order is imported too. Amounts of a Commerce order not yet created are NULL.
SELECT o.amazon_order_id, o.currency AS order_currency_code, om.marketplace_facilitator_tax, om.seller_tax,
       st.marketplace_facilitator_tax AS marketplace_facilitator_setting,
       so.entity_id IS NOT NULL AS has_commerce_order,
       so.subtotal, so.subtotal_incl_tax, so.shipping_amount, so.shipping_tax_amount, so.shipping_incl_tax,
       so.shipping_discount_amount, so.tax_amount, so.discount_amount, so.discount_description,
       so.gw_items_price, so.gw_items_tax_amount, so.cod_fee, so.grand_total, so.base_grand_total,
       so.base_currency_code, so.base_to_order_rate, so.total_invoiced, so.total_paid, so.total_canceled,
       so.shipping_method, so.shipping_description, so.customer_group_id, g.customer_group_code,
       p.method AS payment_method, p.amount_ordered, p.amount_paid,
       p.additional_information -> 'amazon_payment_methods' AS amazon_payment_methods,
       (SELECT string_agg(inv.increment_id, ', ' ORDER BY inv.entity_id)
        FROM commerce.sales_invoice inv WHERE inv.order_id = so.entity_id) AS invoices
FROM amazon."order" o
JOIN amazon.store st ON st.store_id = o.store_id
LEFT JOIN amazon.order_money om ON om.amazon_order_id = o.amazon_order_id
LEFT JOIN commerce.sales_order so ON so.entity_id = o.commerce_order_id
LEFT JOIN commerce.customer_group g ON g.customer_group_id = so.customer_group_id
LEFT JOIN commerce.sales_order_payment p ON p.parent_id = so.entity_id
WHERE o.amazon_order_id = %(amazon_order_id)s
