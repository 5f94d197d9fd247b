UPDATE commerce.sales_order SET status = %(status)s, state = %(status)s, updated_at = now()
WHERE entity_id = %(order_id)s AND status <> %(status)s
