SELECT pg_advisory_unlock(hashtext('amazon_orders.walk'), hashtext(%(seller_id)s || '/' || %(import_enabled)s::text))
