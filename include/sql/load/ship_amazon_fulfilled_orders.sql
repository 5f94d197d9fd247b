-- Amazon shipped what Amazon fulfilled: the batch's Amazon-fulfilled orders (created complete)
-- get their shipment of every line, as Commerce has for a complete order. No stock moves (the
-- stock is Amazon's) and nothing is confirmed to Amazon: no track, no confirmation queued.
WITH orders AS (
    SELECT so.entity_id, so.total_qty_ordered
    FROM commerce.sales_order so
    JOIN amazon."order" o ON o.amazon_order_id = so.ext_order_id
    WHERE so.ext_order_id = ANY (%(order_ids)s) AND o.fulfillment_channel = %(amazon_channel)s
      AND NOT EXISTS (SELECT 1 FROM commerce.sales_shipment sh WHERE sh.order_id = so.entity_id)
), shipments AS (
    INSERT INTO commerce.sales_shipment (order_id, increment_id, total_qty)
    SELECT entity_id, lpad(nextval('commerce.sequence_shipment')::text, 9, '0'), total_qty_ordered
    FROM orders
    ORDER BY entity_id
    RETURNING entity_id, order_id
)
INSERT INTO commerce.sales_shipment_item (parent_id, order_item_id, sku, qty)
SELECT sh.entity_id, i.item_id, i.sku, i.qty_ordered
FROM shipments sh
JOIN commerce.sales_order_item i ON i.order_id = sh.order_id
