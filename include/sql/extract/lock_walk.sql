-- One walk of a seller's stores at a time (per buyer-data kind): a second task waits, then
-- finds the watermarks fresh and fetches nothing. Held by the session until unlock_walk.
SELECT pg_advisory_lock(hashtext('amazon_orders.walk'), hashtext(%(seller_id)s || '/' || %(import_enabled)s::text))
