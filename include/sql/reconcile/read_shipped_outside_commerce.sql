-- Merchant-fulfilled lines Amazon reports shipped beyond what Commerce has shipped: the
-- seller shipped them outside Commerce (Seller Central, another tool). A `Shipped` order has
-- shipped all of every line that Amazon did not cancel, whatever its items said of their shipped
-- quantities when they were last fetched: Amazon's quantity of the line (quantity_ordered -
-- quantity_canceled, migration 018), never a canceled unit (reconciliation has canceled those
-- on the Commerce line before this runs). Locks the orders and lines, so a shipment recorded in
-- Commerce meanwhile is counted, never shipped twice.
SELECT o.amazon_order_id, o.order_status, so.entity_id AS order_id, i.item_id, i.sku,
       least(i.qty_ordered - i.qty_shipped - i.qty_canceled, shipped.qty - i.qty_shipped) AS qty
FROM amazon."order" o
JOIN commerce.sales_order so ON so.entity_id = o.commerce_order_id
JOIN commerce.sales_order_item i ON i.order_id = so.entity_id
JOIN amazon.order_item a ON a.amazon_order_id = o.amazon_order_id AND a.order_item_id = i.ext_order_item_id
CROSS JOIN LATERAL (SELECT CASE WHEN o.order_status = %(amazon_shipped)s
                                THEN coalesce(a.quantity_ordered - a.quantity_canceled, i.qty_ordered - i.qty_canceled)
                                ELSE coalesce(a.quantity_shipped, 0) END AS qty) shipped
WHERE o.store_id = %(store_id)s
  AND o.fulfillment_channel = %(merchant_channel)s
  AND o.order_status IN (%(amazon_shipped)s, %(amazon_partially_shipped)s)
  AND so.status NOT IN (%(canceled)s, %(complete)s)
  AND least(i.qty_ordered - i.qty_shipped - i.qty_canceled, shipped.qty - i.qty_shipped) > 0
ORDER BY so.entity_id, i.item_id
FOR UPDATE OF so, i
