-- The batch's merchant-fulfilled lines with the stock they would take, re-read under the
-- allocation lock (another run may have taken stock since validation), in purchase order;
-- none at all when salable stock covers what every order needs beyond its own pending
-- reservation, since then every order fits whatever its turn and no walk is needed. Stock is
-- per stock and SKU (the stock of the order's store); a product sold whatever its quantity
-- (not managed, or backorders allowed) comes with no salable quantity, and is never short.
WITH need AS (
    SELECT sst.stock_id, p.sku, o.amazon_order_id, sum(i.quantity_ordered) AS quantity
    FROM amazon."order" o
    JOIN amazon.order_item i USING (amazon_order_id)
    JOIN amazon.store s ON s.store_id = o.store_id
    LEFT JOIN commerce.store_stock sst ON sst.store_id = s.commerce_store_id
    JOIN amazon.listing l ON l.store_id = o.store_id AND l.seller_sku = i.seller_sku
    JOIN commerce.catalog_product_entity p ON p.entity_id = l.product_id
    WHERE o.amazon_order_id = ANY (%(order_ids)s) AND i.amazon_order_id = ANY (%(order_ids)s)
      AND o.fulfillment_channel = %(merchant_channel)s
    GROUP BY sst.stock_id, p.sku, o.amazon_order_id
), held AS (
    SELECT object_id AS amazon_order_id, sku, -sum(quantity) AS quantity FROM commerce.inventory_reservation
    WHERE object_type = 'amazon_pending' AND object_id = ANY (%(order_ids)s) GROUP BY object_id, sku
), salable AS (
    SELECT stock_id, sku, quantity, manage_stock AND backorders = 0 AS checked FROM commerce.salable_stock
    WHERE sku IN (SELECT sku FROM need) AND stock_id IN (SELECT stock_id FROM need)
), uncovered AS (
    SELECT n.stock_id, n.sku
    FROM need n
    LEFT JOIN held h USING (amazon_order_id, sku)
    LEFT JOIN salable s ON s.stock_id = n.stock_id AND s.sku = n.sku
    WHERE s.checked IS DISTINCT FROM false
    GROUP BY n.stock_id, n.sku, s.quantity
    HAVING sum(greatest(n.quantity - coalesce(h.quantity, 0), 0)) > coalesce(s.quantity, 0)
)
SELECT o.amazon_order_id, i.order_item_id, o.fulfillment_channel, i.quantity_ordered, p.sku, sst.stock_id,
       CASE WHEN s.checked IS DISTINCT FROM false THEN coalesce(s.quantity, 0) END AS salable_qty,
       coalesce(held.quantity, 0) AS own_reserved_qty
FROM amazon."order" o
JOIN amazon.order_item i USING (amazon_order_id)
JOIN amazon.store st ON st.store_id = o.store_id
LEFT JOIN commerce.store_stock sst ON sst.store_id = st.commerce_store_id
JOIN amazon.listing l ON l.store_id = o.store_id AND l.seller_sku = i.seller_sku
JOIN commerce.catalog_product_entity p ON p.entity_id = l.product_id
LEFT JOIN salable s ON s.stock_id = sst.stock_id AND s.sku = p.sku
LEFT JOIN held ON held.amazon_order_id = o.amazon_order_id AND held.sku = p.sku
WHERE o.amazon_order_id = ANY (%(order_ids)s) AND i.amazon_order_id = ANY (%(order_ids)s)
  AND o.fulfillment_channel = %(merchant_channel)s
  AND EXISTS (SELECT 1 FROM uncovered)
ORDER BY o.purchase_date, o.amazon_order_id, i.order_item_id
