-- The grid gains what Orders API v2026-01-01 brings (filled from v0 answers too, migration 013):
-- v2026's own status word beside the grid's, the ship-by and deliver-by deadlines, the service
-- level, the programs (Prime, Business, ...) and the version the copy was read through.
-- Columns are only added at the end: the view's contract is stable names.
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
           WHERE i.amazon_order_id = o.amazon_order_id AND i.buyer_requested_cancel)) AS buyer_requested_cancel,
       o.fulfillment_status,
       o.ship_by_latest,
       o.deliver_by_latest,
       o.service_level,
       o.programs,
       o.api_version
FROM amazon."order" o
JOIN amazon.store s ON s.store_id = o.store_id
LEFT JOIN commerce.sales_order so ON so.entity_id = o.commerce_order_id
LEFT JOIN LATERAL (
    SELECT e.note FROM amazon.order_event e
    WHERE e.amazon_order_id = o.amazon_order_id
    ORDER BY e.event_id DESC LIMIT 1
) note ON true;

CREATE OR REPLACE VIEW analyst.orders_grid AS
SELECT store_name, amazon_order_id, purchase_date, last_update_date, amazon_status, status,
       fulfillment_channel, analyst.mask_name(buyer_name) AS buyer_name, grand_total, currency,
       order_notes, commerce_order_number, commerce_status, store_id, buyer_requested_cancel,
       fulfillment_status, ship_by_latest, deliver_by_latest, service_level, programs, api_version
FROM amazon.orders_grid;
