-- Lines of the store's open Commerce orders (and of its Amazon-fulfilled ones, complete as they
-- import with what Amazon shipped) that Amazon canceled beyond what Commerce has canceled. Amazon's quantity of a line is quantity_ordered - quantity_canceled (v0 lowers
-- QuantityOrdered, v2026 says what it canceled: migration 018); Commerce keeps the quantity as
-- ordered, so the line's newly canceled quantity is what Commerce still counts beyond Amazon's,
-- never more than the line's open quantity (a shipped unit stays shipped). With the line's money
-- canceled up to now and after this cancellation: its share of the line's amount (row total, tax,
-- discount, gift wrap; the order's shipping stays until the whole order is canceled), to the
-- cent, and the line's whole amount once all of it is canceled, so a line canceled in several
-- steps adds up to exactly its amount. Locks the orders and lines, as a shipment does.
SELECT so.entity_id AS order_id, so.increment_id, so.status, so.order_currency_code, o.amazon_order_id,
       o.fulfillment_channel, i.item_id, i.ext_order_item_id, i.sku, i.qty_ordered::int AS qty_ordered,
       c.qty::int AS qty, (i.qty_canceled + c.qty)::int AS canceled_up_to,
       money.after - money.before AS amount, money.base_after - money.base_before AS base_amount
FROM amazon."order" o
JOIN commerce.sales_order so ON so.entity_id = o.commerce_order_id
JOIN commerce.sales_order_item i ON i.order_id = so.entity_id
JOIN amazon.order_item a ON a.amazon_order_id = o.amazon_order_id AND a.order_item_id = i.ext_order_item_id
CROSS JOIN LATERAL (
    SELECT least(i.qty_ordered - i.qty_shipped - i.qty_canceled,
                 i.qty_ordered - (a.quantity_ordered - a.quantity_canceled) - i.qty_canceled) AS qty
) c
CROSS JOIN LATERAL (
    SELECT i.row_total + i.tax_amount - i.discount_amount + i.gw_price + i.gw_tax_amount AS whole,
           i.base_row_total + i.base_tax_amount - i.base_discount_amount + i.gw_base_price
               + i.gw_base_tax_amount AS base_whole
) line
CROSS JOIN LATERAL (
    SELECT round(line.whole * i.qty_canceled / i.qty_ordered, 2) AS before,
           round(line.base_whole * i.qty_canceled / i.qty_ordered, 2) AS base_before,
           CASE WHEN i.qty_canceled + c.qty = i.qty_ordered THEN line.whole
                ELSE round(line.whole * (i.qty_canceled + c.qty) / i.qty_ordered, 2) END AS after,
           CASE WHEN i.qty_canceled + c.qty = i.qty_ordered THEN line.base_whole
                ELSE round(line.base_whole * (i.qty_canceled + c.qty) / i.qty_ordered, 2) END AS base_after
) money
WHERE o.store_id = %(store_id)s
  AND (so.status NOT IN (%(canceled)s, %(complete)s)  -- or Amazon-fulfilled, complete from its import
       OR (o.fulfillment_channel = %(amazon_channel)s AND so.status = %(complete)s))
  AND c.qty > 0
ORDER BY so.entity_id, i.item_id
FOR UPDATE OF so, i
