-- The analyst views of DESIGN.md: stable names; columns may be added, never renamed.
CREATE VIEW amazon.open_blockers AS
SELECT s.name AS store_name, b.amazon_order_id, b.order_item_id, b.seller_sku, b.sku, b.reason,
       b.detail, b.first_seen_at, b.last_checked_at, b.attempts, s.store_id
FROM amazon.blocker b
JOIN amazon."order" o USING (amazon_order_id)
JOIN amazon.store s ON s.store_id = o.store_id
WHERE b.resolved_at IS NULL;

CREATE VIEW amazon.orders_grid AS
SELECT s.name AS store_name,
       o.amazon_order_id,
       o.purchase_date,
       o.last_update_date,
       o.order_status AS amazon_status,
       CASE
           WHEN so.status = 'complete' THEN 'Completed'
           WHEN so.entity_id IS NULL AND EXISTS (
               SELECT 1 FROM amazon.blocker b
               WHERE b.amazon_order_id = o.amazon_order_id AND b.resolved_at IS NULL) THEN 'Error'
           ELSE o.order_status
       END AS status,
       o.fulfillment_channel,
       o.buyer_name,
       o.order_total AS grand_total,
       o.currency,
       note.note AS order_notes,
       so.increment_id AS commerce_order_number,
       so.status AS commerce_status,
       s.store_id
FROM amazon."order" o
JOIN amazon.store s ON s.store_id = o.store_id
LEFT JOIN commerce.sales_order so ON so.entity_id = o.commerce_order_id
LEFT JOIN LATERAL (
    SELECT e.note FROM amazon.order_event e
    WHERE e.amazon_order_id = o.amazon_order_id
    ORDER BY e.event_id DESC LIMIT 1
) note ON true;

-- The dashboard's Recent Orders: the ten newest orders of each store.
CREATE VIEW amazon.recent_orders AS
SELECT *
FROM (
    SELECT g.*, row_number() OVER (PARTITION BY g.store_id ORDER BY g.purchase_date DESC NULLS LAST,
                                   g.amazon_order_id) AS recent_rank
    FROM amazon.orders_grid g
) ranked
WHERE recent_rank <= 10;

-- Worded as on the mission page; one message naming every store with open blockers.
CREATE VIEW amazon.system_messages AS
SELECT 'amazon_orders_not_imported' AS identity,
       'major' AS severity,
       'Your Amazon store(s) has orders that cannot be imported into Commerce. '
           || 'See Recent Orders in the store dashboard(s): '
           || string_agg(DISTINCT store_name, ', ' ORDER BY store_name) AS text,
       min(first_seen_at) AS created_at
FROM amazon.open_blockers
HAVING count(*) > 0;
