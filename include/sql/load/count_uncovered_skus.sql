-- How many SKUs of the batch the current salable stock might not cover, re-read under the
-- allocation lock. Each order needs what it ordered beyond its own pending reservation;
-- when salable stock covers the sum of those needs, every order fits whatever the order
-- of allocation, and the per-order walk is not needed.
WITH need AS (
    SELECT p.sku, o.amazon_order_id, sum(i.quantity_ordered) AS quantity
    FROM amazon."order" o
    JOIN amazon.order_item i USING (amazon_order_id)
    JOIN amazon.listing l ON l.store_id = o.store_id AND l.seller_sku = i.seller_sku
    JOIN commerce.catalog_product_entity p ON p.entity_id = l.product_id
    WHERE o.amazon_order_id = ANY (%(order_ids)s) AND i.amazon_order_id = ANY (%(order_ids)s)
      AND o.fulfillment_channel = 'MFN'
    GROUP BY p.sku, o.amazon_order_id
), held AS (
    SELECT object_id AS amazon_order_id, sku, -sum(quantity) AS quantity FROM commerce.inventory_reservation
    WHERE object_type = 'amazon_pending' AND object_id = ANY (%(order_ids)s) GROUP BY object_id, sku
), batch_need AS (
    SELECT n.sku, sum(greatest(n.quantity - coalesce(h.quantity, 0), 0)) AS quantity
    FROM need n LEFT JOIN held h USING (amazon_order_id, sku)
    GROUP BY n.sku
), source_stock AS (
    SELECT si.sku, sum(si.quantity) AS quantity
    FROM commerce.inventory_source_item si JOIN commerce.inventory_source s USING (source_code)
    WHERE s.enabled AND si.status = 1 AND si.sku IN (SELECT sku FROM batch_need)
    GROUP BY si.sku
), reserved AS (
    SELECT sku, sum(quantity) AS quantity FROM commerce.inventory_reservation
    WHERE sku IN (SELECT sku FROM batch_need) GROUP BY sku
)
SELECT count(*) AS uncovered
FROM batch_need b
LEFT JOIN source_stock src USING (sku)
LEFT JOIN reserved res USING (sku)
WHERE b.quantity > coalesce(src.quantity, 0) + coalesce(res.quantity, 0)
