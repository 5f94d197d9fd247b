-- Item cancellations (issue 20): what Amazon canceled of each line, in one column whichever
-- Orders API version the line was read from (pipeline/payload.py, payload_2026.py):
--   v0     0: Amazon lowers QuantityOrdered (and the line's money) instead of saying what it canceled
--   v2026  with cancellation.cancellationExecution: quantityOrdered - fulfillment.quantityFulfilled
--          - fulfillment.quantityUnfulfilled (a count left out reads as 0), within 0..quantityOrdered;
--          without one, 0
-- Amazon's quantity of the line is then quantity_ordered - quantity_canceled. Reconciliation
-- cancels on the Commerce line what Amazon canceled beyond the line's qty_canceled (never a
-- shipped unit); Commerce keeps the quantity as ordered (docs/cancellations.md).
ALTER TABLE amazon.order_item
    ADD COLUMN quantity_canceled integer NOT NULL DEFAULT 0 CHECK (quantity_canceled >= 0);

-- Stored v2026 lines read as payload_2026.quantity_canceled reads them (v0's stay 0).
UPDATE amazon.order_item i
SET quantity_canceled = greatest(0, least(q.ordered, q.ordered - q.fulfilled - q.unfulfilled))
FROM (
    SELECT x.amazon_order_id, x.order_item_id, (x.payload ->> 'quantityOrdered')::integer AS ordered,
           CASE WHEN jsonb_typeof(x.payload -> 'fulfillment' -> 'quantityFulfilled') = 'number'
                     AND x.payload -> 'fulfillment' ->> 'quantityFulfilled' ~ '^-?\d{1,9}$'
                THEN (x.payload -> 'fulfillment' ->> 'quantityFulfilled')::integer ELSE 0 END AS fulfilled,
           CASE WHEN jsonb_typeof(x.payload -> 'fulfillment' -> 'quantityUnfulfilled') = 'number'
                     AND x.payload -> 'fulfillment' ->> 'quantityUnfulfilled' ~ '^-?\d{1,9}$'
                THEN (x.payload -> 'fulfillment' ->> 'quantityUnfulfilled')::integer ELSE 0 END AS unfulfilled
    FROM amazon.order_item x
    JOIN amazon."order" o ON o.amazon_order_id = x.amazon_order_id AND o.api_version = '2026-01-01'
    WHERE jsonb_typeof(x.payload -> 'cancellation' -> 'cancellationExecution') IS DISTINCT FROM 'null'
      AND x.payload -> 'cancellation' -> 'cancellationExecution' IS NOT NULL
      AND jsonb_typeof(x.payload -> 'quantityOrdered') = 'number'
      AND x.payload ->> 'quantityOrdered' ~ '^-?\d{1,9}$'
) q
WHERE q.amazon_order_id = i.amazon_order_id AND q.order_item_id = i.order_item_id;

-- A Commerce line never ships and cancels together more than was ordered: a canceled unit is
-- never shipped, a shipped one never canceled.
ALTER TABLE commerce.sales_order_item
    ADD CONSTRAINT sales_order_item_qty_within_ordered CHECK (qty_shipped + qty_canceled <= qty_ordered);
