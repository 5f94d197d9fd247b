-- One row per candidate order line, joined to its listing, product and stock; an order
-- without items gives one row with no item, which the checks report.
SELECT c.amazon_order_id,
       coalesce(i.order_item_id, '') AS order_item_id,
       c.action,
       o.purchase_date,
       o.fulfillment_channel,
       o.currency AS order_currency,
       o.order_total,
       i.seller_sku,
       i.quantity_ordered,
       i.item_price,
       i.currency AS item_currency,
       p.entity_id AS product_id,
       p.sku,
       p.status AS product_status,
       coalesce(src.quantity, 0) + coalesce(res.quantity, 0) AS salable_qty,
       coalesce(own.quantity, 0) AS own_reserved_qty
FROM amazon.import_candidate c
JOIN amazon."order" o USING (amazon_order_id)
LEFT JOIN amazon.order_item i USING (amazon_order_id)
LEFT JOIN amazon.listing l ON l.store_id = o.store_id AND l.seller_sku = i.seller_sku
LEFT JOIN commerce.catalog_product_entity p ON p.entity_id = l.product_id
LEFT JOIN LATERAL (
    SELECT sum(si.quantity) AS quantity FROM commerce.inventory_source_item si
    JOIN commerce.inventory_source s USING (source_code)
    WHERE si.sku = p.sku AND s.enabled AND si.status = 1) src ON true
LEFT JOIN LATERAL (
    SELECT sum(r.quantity) AS quantity FROM commerce.inventory_reservation r WHERE r.sku = p.sku) res ON true
LEFT JOIN LATERAL (  -- this order's own pending reservation is stock it already holds
    SELECT -sum(r.quantity) AS quantity FROM commerce.inventory_reservation r
    WHERE r.object_type = 'amazon_pending' AND r.object_id = c.amazon_order_id AND r.sku = p.sku) own ON true
WHERE c.run_key = %(run_key)s
ORDER BY o.purchase_date NULLS LAST, c.amazon_order_id, i.order_item_id
