-- One row per candidate order line, joined to its listing, product and stock, in purchase
-- order (the order stock is allocated in); an order without items gives one row with no
-- item, which the checks report. Stock is read once per SKU, not per line. Numbers
-- come as float8, the checks' own type, not as Python Decimals.
WITH held AS (  -- a candidate's own pending reservation is stock it already holds
    SELECT r.object_id AS amazon_order_id, r.sku, -sum(r.quantity) AS quantity
    FROM commerce.inventory_reservation r
    JOIN amazon.import_candidate c ON c.amazon_order_id = r.object_id AND c.run_key = %(run_key)s
    WHERE r.object_type = 'amazon_pending'
    GROUP BY r.object_id, r.sku
)
SELECT c.amazon_order_id,
       coalesce(i.order_item_id, '') AS order_item_id,
       c.action,
       o.purchase_date,
       o.fulfillment_channel,
       o.currency AS order_currency,
       o.order_total::float8,
       i.seller_sku,
       i.quantity_ordered::float8,
       i.item_price::float8,
       i.currency AS item_currency,
       p.entity_id::float8 AS product_id,
       p.sku,
       p.status::float8 AS product_status,
       coalesce(ss.quantity, 0)::float8 AS salable_qty,
       coalesce(held.quantity, 0)::float8 AS own_reserved_qty
FROM amazon.import_candidate c
JOIN amazon."order" o USING (amazon_order_id)
LEFT JOIN amazon.order_item i USING (amazon_order_id)
LEFT JOIN amazon.listing l ON l.store_id = o.store_id AND l.seller_sku = i.seller_sku
LEFT JOIN commerce.catalog_product_entity p ON p.entity_id = l.product_id
LEFT JOIN commerce.salable_stock ss ON ss.sku = p.sku
LEFT JOIN held ON held.amazon_order_id = c.amazon_order_id AND held.sku = p.sku
WHERE c.run_key = %(run_key)s
ORDER BY o.purchase_date NULLS LAST, c.amazon_order_id, i.order_item_id
