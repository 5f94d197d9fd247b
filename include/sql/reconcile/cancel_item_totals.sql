-- The canceled share of a line's money on its order's totals (read_item_cancellations works it out).
UPDATE commerce.sales_order
SET total_canceled = total_canceled + %(amount)s, base_total_canceled = base_total_canceled + %(base_amount)s,
    updated_at = now()
WHERE entity_id = %(order_id)s
