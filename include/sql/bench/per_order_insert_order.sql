-- The per-order way's order: its price total only (it is the naive baseline, not the full order).
INSERT INTO commerce.sales_order (increment_id, ext_order_id, store_id, state, status, order_currency_code,
                                  base_currency_code, subtotal, base_subtotal, grand_total, base_grand_total,
                                  total_qty_ordered)
VALUES (lpad(nextval('commerce.sequence_order')::text, 9, '0'), %(amazon_order_id)s, 1, 'processing',
        'processing', 'USD', 'USD', %(total)s, %(total)s, %(total)s, %(total)s, %(qty)s)
RETURNING entity_id, increment_id
