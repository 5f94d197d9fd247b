-- Order Notes for orders without a Commerce order: why not (yet). A note is added only
-- when it differs from the order's latest, so a quiet sync adds nothing.
WITH standing AS (
    SELECT o.amazon_order_id,
           CASE
               WHEN NOT s.import_enabled THEN 'View only: Import Amazon Orders is disabled for this store'
               WHEN o.purchase_date < s.integrated_at THEN 'View only: placed before the store was integrated'
               WHEN o.order_status = %(amazon_canceled)s THEN 'Canceled on Amazon before import: no Commerce order'
               WHEN NOT o.buyer_data
                   THEN 'Stored while import was disabled: fetched again with the buyer''s data before import'
               WHEN b.problems IS NOT NULL THEN 'Cannot be imported: ' || b.problems
               WHEN o.order_status = ANY (%(reserve_while)s)
                   THEN 'Pending on Amazon: Commerce order at Unshipped'
                        || CASE WHEN r.reserved THEN ', stock reserved' ELSE '' END
               WHEN o.fulfillment_channel = %(amazon_channel)s AND o.order_status <> %(amazon_shipped)s
                   THEN 'Amazon-fulfilled: Commerce order when Amazon ships it'
           END AS note
    FROM amazon."order" o
    JOIN amazon.store s ON s.store_id = o.store_id
    LEFT JOIN (SELECT amazon_order_id, string_agg(reason || ' (' || detail || ')', '; ' ORDER BY blocker_id) AS problems
               FROM amazon.blocker WHERE resolved_at IS NULL GROUP BY amazon_order_id) b USING (amazon_order_id)
    LEFT JOIN LATERAL (SELECT sum(quantity) < 0 AS reserved FROM commerce.inventory_reservation
                       WHERE object_type = 'amazon_pending' AND object_id = o.amazon_order_id) r ON true
    WHERE o.store_id = %(store_id)s AND o.commerce_order_id IS NULL
)
INSERT INTO amazon.order_event (amazon_order_id, run_key, note)
SELECT st.amazon_order_id, %(run_key)s, st.note
FROM standing st
WHERE st.note IS NOT NULL
  AND st.note IS DISTINCT FROM (SELECT e.note FROM amazon.order_event e
                                WHERE e.amazon_order_id = st.amazon_order_id
                                ORDER BY e.event_id DESC LIMIT 1)
