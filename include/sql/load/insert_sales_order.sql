INSERT INTO commerce.sales_order (increment_id, ext_order_id, store_id, state, status, customer_id,
                                  customer_is_guest, customer_email, customer_firstname, customer_lastname,
                                  order_currency_code, subtotal, grand_total, total_qty_ordered, created_at)
VALUES (coalesce(%(increment_id)s, lpad(nextval('commerce.sequence_order')::text, 9, '0')),
        %(ext_order_id)s, %(store_id)s, %(state)s, %(status)s, %(customer_id)s, %(customer_is_guest)s,
        %(customer_email)s, %(customer_firstname)s, %(customer_lastname)s, %(currency)s, %(subtotal)s,
        %(grand_total)s, %(total_qty_ordered)s, now())
ON CONFLICT (ext_order_id) DO NOTHING
RETURNING entity_id, increment_id, status
