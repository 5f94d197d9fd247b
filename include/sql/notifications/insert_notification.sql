-- A notification, once: a copy with a NotificationId already kept inserts nothing (and returns no row).
-- Its store is the seller's in the notified marketplace; none known: unknown_store, an import
-- disabled: view_only (the 5-minute poll stores those orders), else to fetch.
INSERT INTO amazon.order_notification AS n (
    notification_id, seller_id, marketplace_id, amazon_order_id, store_id, order_change_type,
    time_of_order_change, published_at, dag_run_id, outcome)
SELECT %(notification_id)s, %(seller_id)s, %(marketplace_id)s, %(amazon_order_id)s, s.store_id,
       %(order_change_type)s, %(time_of_order_change)s, %(published_at)s, %(dag_run_id)s,
       CASE WHEN s.store_id IS NULL THEN 'unknown_store'
            WHEN NOT s.import_enabled THEN 'view_only'
            ELSE 'fetch' END
FROM (SELECT 1) AS one
LEFT JOIN amazon.store s ON s.seller_id = %(seller_id)s AND s.marketplace_id = %(marketplace_id)s
ON CONFLICT (notification_id) DO NOTHING
RETURNING n.notification_id, n.outcome
