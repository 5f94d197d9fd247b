-- Order lifecycle: Amazon status history, buyer cancellation requests in the grid, drift.

-- Every Amazon status an order went through, with the run that saw it.
CREATE TABLE amazon.order_status_change (
    change_id        bigserial PRIMARY KEY,
    amazon_order_id  text NOT NULL REFERENCES amazon."order" DEFERRABLE INITIALLY DEFERRED,
    from_status      text,
    to_status        text,
    last_update_date timestamptz,
    run_key          text NOT NULL,
    recorded_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON amazon.order_status_change (amazon_order_id, change_id);

-- The grid gains `buyer_requested_cancel`: an item's buyer asked to cancel and the order
-- is not canceled yet (columns are only ever appended).
CREATE OR REPLACE VIEW amazon.orders_grid AS
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
       s.store_id,
       (o.order_status IS DISTINCT FROM 'Canceled' AND EXISTS (
           SELECT 1 FROM amazon.order_item i
           WHERE i.amazon_order_id = o.amazon_order_id AND i.buyer_requested_cancel)) AS buyer_requested_cancel
FROM amazon."order" o
JOIN amazon.store s ON s.store_id = o.store_id
LEFT JOIN commerce.sales_order so ON so.entity_id = o.commerce_order_id
LEFT JOIN LATERAL (
    SELECT e.note FROM amazon.order_event e
    WHERE e.amazon_order_id = o.amazon_order_id
    ORDER BY e.event_id DESC LIMIT 1
) note ON true;

-- Orders where Amazon and Commerce disagree for longer than a sync should take.
CREATE VIEW amazon.status_drift AS
SELECT g.store_name, g.amazon_order_id, g.amazon_status, g.commerce_order_number, g.commerce_status,
       CASE
           WHEN g.amazon_status = 'Canceled' THEN 'Amazon canceled, Commerce not canceled'
           WHEN g.amazon_status = 'Shipped' THEN 'Amazon shipped, Commerce not complete'
           WHEN g.commerce_status = 'canceled' THEN 'Commerce canceled, Amazon not canceled'
           ELSE 'Commerce complete, Amazon not shipped'
       END AS disagreement,
       now() - greatest(o.fetched_at, so.updated_at) AS drifting_for
FROM amazon.orders_grid g
JOIN amazon."order" o USING (amazon_order_id)
JOIN commerce.sales_order so ON so.entity_id = o.commerce_order_id
WHERE ((g.amazon_status = 'Canceled' AND g.commerce_status <> 'canceled')
    OR (g.amazon_status = 'Shipped' AND g.commerce_status NOT IN ('complete', 'canceled'))
    OR (g.commerce_status = 'canceled' AND g.amazon_status <> 'Canceled')
    OR (g.commerce_status = 'complete' AND g.amazon_status <> 'Shipped'
        AND g.fulfillment_channel = 'MFN'))
  AND now() - greatest(o.fetched_at, so.updated_at) > interval '5 minutes';

-- recent_orders is rebuilt on the wider grid (its column order changes).
DROP VIEW amazon.recent_orders;
CREATE VIEW amazon.recent_orders AS
SELECT *
FROM (
    SELECT g.*, row_number() OVER (PARTITION BY g.store_id ORDER BY g.purchase_date DESC NULLS LAST,
                                   g.amazon_order_id) AS recent_rank
    FROM amazon.orders_grid g
) ranked
WHERE recent_rank <= 10;
