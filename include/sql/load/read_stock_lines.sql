-- The batch's merchant-fulfilled lines with the stock they would take, re-read under the
-- allocation lock (another run may have taken stock since validation), in purchase order;
-- none at all when salable stock covers what every order needs beyond its own pending
-- reservation, since then every order fits whatever its turn and no walk is needed.
WITH need AS (
    SELECT p.sku, o.amazon_order_id, sum(i.quantity_ordered) AS quantity
    FROM amazon."order" o
    JOIN amazon.order_item i USING (amazon_order_id)
    JOIN amazon.listing l ON l.store_id = o.store_id AND l.seller_sku = i.seller_sku
    JOIN commerce.catalog_product_entity p ON p.entity_id = l.product_id
    WHERE o.amazon_order_id = ANY (%(order_ids)s) AND i.amazon_order_id = ANY (%(order_ids)s)
      AND o.fulfillment_channel = %(merchant_channel)s
    GROUP BY p.sku, o.amazon_order_id
), held AS (
    SELECT object_id AS amazon_order_id, sku, -sum(quantity) AS quantity FROM commerce.inventory_reservation
    WHERE object_type = 'amazon_pending' AND object_id = ANY (%(order_ids)s) GROUP BY object_id, sku
), salable AS (
    SELECT sku, quantity FROM commerce.salable_stock WHERE sku IN (SELECT sku FROM need)
), uncovered AS (
    SELECT n.sku
    FROM need n LEFT JOIN held h USING (amazon_order_id, sku) JOIN salable s USING (sku)
    GROUP BY n.sku, s.quantity
    HAVING sum(greatest(n.quantity - coalesce(h.quantity, 0), 0)) > s.quantity
)
SELECT o.amazon_order_id, i.order_item_id, o.fulfillment_channel, i.quantity_ordered, p.sku,
       s.quantity AS salable_qty, coalesce(held.quantity, 0) AS own_reserved_qty
FROM amazon."order" o
JOIN amazon.order_item i USING (amazon_order_id)
JOIN amazon.listing l ON l.store_id = o.store_id AND l.seller_sku = i.seller_sku
JOIN commerce.catalog_product_entity p ON p.entity_id = l.product_id
JOIN salable s ON s.sku = p.sku
LEFT JOIN held ON held.amazon_order_id = o.amazon_order_id AND held.sku = p.sku
WHERE o.amazon_order_id = ANY (%(order_ids)s) AND i.amazon_order_id = ANY (%(order_ids)s)
  AND o.fulfillment_channel = %(merchant_channel)s
  AND EXISTS (SELECT 1 FROM uncovered)
ORDER BY o.purchase_date, o.amazon_order_id, i.order_item_id
