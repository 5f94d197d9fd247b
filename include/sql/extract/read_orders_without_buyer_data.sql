-- The importing store's orders stored without the buyer's data (fetched while it was view-only)
-- that it may still import, oldest purchase first (those Amazon refused before last): each is
-- fetched again, a few a run.
SELECT o.amazon_order_id
FROM amazon."order" o
JOIN amazon.store s ON s.store_id = o.store_id
WHERE o.store_id = %(store_id)s AND NOT o.buyer_data AND o.commerce_order_id IS NULL
  AND o.order_status IS DISTINCT FROM %(amazon_canceled)s
  AND (o.purchase_date IS NULL OR o.purchase_date >= s.integrated_at)
ORDER BY o.refetch_refused_at NULLS FIRST, o.purchase_date NULLS FIRST, o.amazon_order_id
LIMIT %(limit)s
