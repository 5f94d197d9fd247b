-- Commerce's admin grid rows of the orders the batch created (later changes of an order are
-- copied by the sales_order_grid_refresh trigger).
INSERT INTO commerce.sales_order_grid (entity_id, status, store_id, store_name, customer_id, base_grand_total,
                                       base_total_paid, grand_total, total_paid, increment_id, base_currency_code,
                                       order_currency_code, shipping_name, billing_name, created_at, updated_at,
                                       billing_address, shipping_address, shipping_information, customer_email,
                                       customer_group, subtotal, shipping_and_handling, customer_name,
                                       payment_method, total_refunded)
SELECT so.entity_id, so.status, so.store_id, st.name, so.customer_id, so.base_grand_total, so.base_total_paid,
       so.grand_total, so.total_paid, so.increment_id, so.base_currency_code, so.order_currency_code,
       nullif(concat_ws(' ', sa.firstname, sa.lastname), ''), nullif(concat_ws(' ', ba.firstname, ba.lastname), ''),
       so.created_at, so.updated_at,
       nullif(concat_ws(', ', replace(ba.street, E'\n', ', '), ba.city, ba.region, ba.postcode, ba.country_id), ''),
       nullif(concat_ws(', ', replace(sa.street, E'\n', ', '), sa.city, sa.region, sa.postcode, sa.country_id), ''),
       so.shipping_description, so.customer_email, so.customer_group_id::text, so.subtotal,
       so.shipping_amount + so.shipping_tax_amount,
       nullif(concat_ws(' ', so.customer_firstname, so.customer_lastname), ''), p.method, 0
FROM commerce.sales_order so
JOIN commerce.store st ON st.store_id = so.store_id
LEFT JOIN commerce.sales_order_address sa ON sa.parent_id = so.entity_id AND sa.address_type = 'shipping'
LEFT JOIN commerce.sales_order_address ba ON ba.parent_id = so.entity_id AND ba.address_type = 'billing'
LEFT JOIN commerce.sales_order_payment p ON p.parent_id = so.entity_id
WHERE so.ext_order_id = ANY (%(order_ids)s)
ON CONFLICT (entity_id) DO NOTHING
