SELECT s.store_id, s.name, s.seller_id, s.marketplace_id, s.integrated_at, s.import_enabled,
       s.order_number_source, s.customer_creation, s.pending_orders, s.processing_status,
       s.commerce_store_id, s.listing_match, w.last_updated_before AS watermark
FROM amazon.store s
LEFT JOIN amazon.watermark w USING (store_id)
WHERE s.store_id = %(store_id)s
