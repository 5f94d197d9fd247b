-- The stores one searchOrders walk covers: the seller's stores that ask for the buyer's data
-- alike (importing ones do, view-only ones never), with their watermarks.
SELECT s.store_id, s.name, s.seller_id, s.marketplace_id, s.integrated_at, s.import_enabled,
       w.last_updated_before AS watermark
FROM amazon.store s
LEFT JOIN amazon.watermark w USING (store_id)
WHERE s.seller_id = %(seller_id)s AND s.import_enabled = %(import_enabled)s
ORDER BY s.store_id
