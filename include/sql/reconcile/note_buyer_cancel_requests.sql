-- A buyer's cancellation request is put in the Order Notes once, until the order is canceled.
INSERT INTO amazon.order_event (amazon_order_id, run_key, note)
SELECT o.amazon_order_id, %(run_key)s,
       'Buyer requested cancellation: '
           || coalesce(string_agg(DISTINCT i.buyer_cancel_reason, '; '),
                       'no reason given')
           || CASE WHEN o.commerce_order_id IS NULL THEN '' ELSE ' (cancel it in Seller Central)' END
FROM amazon."order" o
JOIN amazon.order_item i USING (amazon_order_id)
WHERE o.store_id = %(store_id)s AND i.buyer_requested_cancel AND o.order_status IS DISTINCT FROM %(amazon_canceled)s
  AND NOT EXISTS (SELECT 1 FROM amazon.order_event e
                  WHERE e.amazon_order_id = o.amazon_order_id AND e.note LIKE 'Buyer requested cancellation%%')
GROUP BY o.amazon_order_id, o.commerce_order_id
