-- The batch's merchant-fulfilled lines with the stock they would take, re-read under the
-- allocation lock: another run may have taken stock since validation.
WITH batch_skus AS (
    SELECT DISTINCT p.sku
    FROM amazon.order_item i
    JOIN amazon."order" o USING (amazon_order_id)
    JOIN amazon.listing l ON l.store_id = o.store_id AND l.seller_sku = i.seller_sku
    JOIN commerce.catalog_product_entity p ON p.entity_id = l.product_id
    WHERE i.amazon_order_id = ANY (%(order_ids)s)
), source_stock AS (
    SELECT si.sku, sum(si.quantity) AS quantity
    FROM commerce.inventory_source_item si JOIN commerce.inventory_source s USING (source_code)
    WHERE s.enabled AND si.status = 1 AND si.sku IN (SELECT sku FROM batch_skus)
    GROUP BY si.sku
), reserved AS (
    SELECT sku, sum(quantity) AS quantity FROM commerce.inventory_reservation
    WHERE sku IN (SELECT sku FROM batch_skus) GROUP BY sku
), held AS (
    SELECT object_id AS amazon_order_id, sku, -sum(quantity) AS quantity FROM commerce.inventory_reservation
    WHERE object_type = 'amazon_pending' AND object_id = ANY (%(order_ids)s) GROUP BY object_id, sku
)
SELECT o.amazon_order_id, i.order_item_id, o.fulfillment_channel, i.quantity_ordered, p.sku,
       coalesce(src.quantity, 0) + coalesce(res.quantity, 0) AS salable_qty,
       coalesce(held.quantity, 0) AS own_reserved_qty
FROM amazon."order" o
JOIN amazon.order_item i USING (amazon_order_id)
JOIN amazon.listing l ON l.store_id = o.store_id AND l.seller_sku = i.seller_sku
JOIN commerce.catalog_product_entity p ON p.entity_id = l.product_id
LEFT JOIN source_stock src ON src.sku = p.sku
LEFT JOIN reserved res ON res.sku = p.sku
LEFT JOIN held ON held.amazon_order_id = o.amazon_order_id AND held.sku = p.sku
WHERE o.amazon_order_id = ANY (%(order_ids)s) AND o.fulfillment_channel = 'MFN'
ORDER BY o.purchase_date, o.amazon_order_id, i.order_item_id
