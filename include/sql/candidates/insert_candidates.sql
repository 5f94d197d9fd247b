-- Orders of the store without a Commerce order whose status and channel allow creation,
-- purchased after integration, import enabled; blocked orders come back every run.
-- Merchant-fulfilled pending orders are candidates for a reservation when the store says so.
INSERT INTO amazon.import_candidate (run_key, amazon_order_id, action)
SELECT %(run_key)s, o.amazon_order_id,
       CASE WHEN o.order_status = ANY (%(reserve_while)s) THEN 'reserve' ELSE 'create' END
FROM amazon."order" o
JOIN amazon.store s ON s.store_id = o.store_id
WHERE o.store_id = %(store_id)s
  AND s.import_enabled
  AND o.commerce_order_id IS NULL
  AND o.buyer_data  -- fetched while the store was view-only: fetched again first
  AND (o.purchase_date IS NULL OR o.purchase_date >= s.integrated_at)
  AND (%(only_orders)s::text[] IS NULL OR o.amazon_order_id = ANY (%(only_orders)s::text[]))
  AND (
        (o.fulfillment_channel = %(merchant_channel)s AND o.order_status = ANY (%(merchant_create_at)s))
     OR (o.fulfillment_channel = %(amazon_channel)s AND o.order_status = ANY (%(amazon_create_at)s))
     -- an unreadable channel at an importable status: the checks report it
     OR (o.fulfillment_channel IS DISTINCT FROM %(merchant_channel)s
         AND o.fulfillment_channel IS DISTINCT FROM %(amazon_channel)s
         AND o.order_status = ANY (%(merchant_create_at)s || %(amazon_create_at)s))
     OR (s.pending_orders = 'reserve' AND o.fulfillment_channel = %(merchant_channel)s
         AND o.order_status = ANY (%(reserve_while)s)
         AND NOT EXISTS (SELECT 1 FROM commerce.inventory_reservation r
                         WHERE r.object_type = 'amazon_pending' AND r.object_id = o.amazon_order_id))
  )
