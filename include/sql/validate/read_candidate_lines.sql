-- One row per candidate order line, joined to its listing, product and stock, in purchase
-- order (the order stock is allocated in); an order without items gives one row with no
-- item, which the checks report. Stock is the salable quantity of the SKU in the stock of the
-- store's website, read once per stock and SKU, not per line. Numbers
-- come as float8, the checks' own type, not as Python Decimals. What needs exact money (does
-- the order add up to Amazon's total, within the suite's tolerance?) is decided here, in
-- numeric, from the one definition of the order's amounts (amazon.order_money,
-- amazon.order_item_money), and comes as the problem's wording, which the suite expects empty.
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
       sst.stock_id,
       -- none for a product sold whatever its quantity (not managed, or backorders allowed)
       CASE WHEN ss.manage_stock AND ss.backorders = 0 OR ss.sku IS NULL
            THEN coalesce(ss.quantity, 0)::float8 END AS salable_qty,
       coalesce(held.quantity, 0)::float8 AS own_reserved_qty,
       CASE WHEN c.action = 'create' AND o.currency IS NOT NULL AND om.base_to_order_rate IS NULL
            THEN om.base_currency_code || ' to ' || o.currency END AS missing_rate,
       CASE WHEN o.repeated_item_ids IS NOT NULL
                THEN 'OrderItemId ' || array_to_string(o.repeated_item_ids, ', ') || ' given more than once in'
                     || ' Amazon''s answer'
            WHEN c.action <> 'create' THEN NULL
            WHEN line.problem IS NOT NULL THEN 'item ' || i.order_item_id || ': ' || line.problem
            WHEN abs(om.lines_total - om.amazon_total) > %(money_tolerance)s THEN format(
                'OrderTotal %%s does not equal the order''s amounts: subtotal %%s + shipping %%s + tax %%s'
                || ' + discount %%s + gift wrap %%s + COD fee %%s = %%s',
                om.amazon_total::numeric(20, 2), om.subtotal::numeric(20, 2), om.shipping_amount::numeric(20, 2),
                om.tax_amount::numeric(20, 2), om.discount_amount::numeric(20, 2), om.gw_items_price::numeric(20, 2),
                om.cod_fee::numeric(20, 2), om.lines_total::numeric(20, 2))
       END AS money_problem
FROM amazon.import_candidate c
JOIN amazon."order" o USING (amazon_order_id)
JOIN amazon.order_money om USING (amazon_order_id)
LEFT JOIN amazon.order_item i USING (amazon_order_id)
JOIN amazon.store s ON s.store_id = o.store_id
CROSS JOIN LATERAL (  -- what Amazon gives must read with Commerce's signs (amazon.order_item_money)
    SELECT CASE WHEN i.item_tax < 0 THEN 'ItemTax must not be negative'
                WHEN i.shipping_price < 0 THEN 'ShippingPrice must not be negative'
                WHEN i.shipping_tax < 0 THEN 'ShippingTax must not be negative'
                WHEN i.promotion_discount < 0 THEN 'PromotionDiscount must not be negative'
                WHEN i.promotion_discount_tax < 0 THEN 'PromotionDiscountTax must not be negative'
                WHEN i.shipping_discount < 0 THEN 'ShippingDiscount must not be negative'
                WHEN i.shipping_discount_tax < 0 THEN 'ShippingDiscountTax must not be negative'
                WHEN i.gift_wrap_price < 0 THEN 'GiftWrapPrice must not be negative'
                WHEN i.gift_wrap_tax < 0 THEN 'GiftWrapTax must not be negative'
                WHEN i.cod_fee < 0 THEN 'CODFee must not be negative'
                WHEN i.cod_fee_discount < 0 THEN 'CODFeeDiscount must not be negative'
                -- where prices include tax, a part's tax is inside it: never more than the part
                WHEN s.prices_include_tax AND i.promotion_discount_tax > coalesce(i.promotion_discount, 0)
                    THEN 'PromotionDiscountTax is more than the PromotionDiscount it is part of'
                WHEN s.prices_include_tax AND i.shipping_discount_tax > coalesce(i.shipping_discount, 0)
                    THEN 'ShippingDiscountTax is more than the ShippingDiscount it is part of'
                WHEN s.prices_include_tax AND i.item_tax > coalesce(i.item_price, 0)
                    THEN 'ItemTax is more than the ItemPrice it is part of'
           END AS problem
) line
LEFT JOIN amazon.listing l ON l.store_id = o.store_id AND l.seller_sku = i.seller_sku
LEFT JOIN commerce.catalog_product_entity p ON p.entity_id = l.product_id
LEFT JOIN commerce.store_stock sst ON sst.store_id = s.commerce_store_id  -- the stock of the store's website
LEFT JOIN commerce.salable_stock ss ON ss.stock_id = sst.stock_id AND ss.sku = p.sku
LEFT JOIN held ON held.amazon_order_id = c.amazon_order_id AND held.sku = p.sku
WHERE c.run_key = %(run_key)s
ORDER BY o.purchase_date NULLS LAST, c.amazon_order_id, i.order_item_id
