-- amazon.order_money as in 016, but an order's discount_description (its promotion ids) is looked
-- up only for an order with a promotion: the lookup (unnest and sort per order) was a third of
-- the view's cost, paid by every order the checks and the load read, most of which have none.
CREATE OR REPLACE VIEW amazon.order_money AS
SELECT o.amazon_order_id, o.currency AS order_currency_code, cs.base_currency_code,
       CASE WHEN o.currency = cs.base_currency_code THEN 1 ELSE r.rate END AS base_to_order_rate,
       m.subtotal, m.subtotal_incl_tax, m.shipping_amount, m.shipping_tax_amount,
       m.shipping_amount + m.shipping_tax_amount AS shipping_incl_tax, m.shipping_discount_amount,
       m.tax_amount, m.discount_amount, m.gw_items_price, m.gw_items_tax_amount, m.cod_fee,
       m.subtotal + m.shipping_amount + m.tax_amount + m.discount_amount + m.gw_items_price + m.cod_fee
           AS lines_total,
       o.order_total - m.tax_left_off AS amazon_total,
       m.marketplace_facilitator_tax, m.seller_tax,
       CASE WHEN m.promoted THEN (SELECT string_agg(DISTINCT p, ', ' ORDER BY p)
                                  FROM amazon.order_item i, unnest(i.promotion_ids) p
                                  WHERE i.amazon_order_id = o.amazon_order_id) END AS discount_description
FROM amazon."order" o
JOIN amazon.store s ON s.store_id = o.store_id
JOIN commerce.store cs ON cs.store_id = s.commerce_store_id
LEFT JOIN commerce.directory_currency_rate r ON r.currency_from = cs.base_currency_code AND r.currency_to = o.currency
CROSS JOIN LATERAL (
    SELECT coalesce(sum(l.row_total), 0) AS subtotal,
           coalesce(sum(l.row_total_incl_tax), 0) AS subtotal_incl_tax,
           coalesce(sum(l.shipping_amount), 0) AS shipping_amount,
           coalesce(sum(l.shipping_tax_amount), 0) AS shipping_tax_amount,
           coalesce(sum(l.shipping_discount_amount), 0) AS shipping_discount_amount,
           coalesce(sum(l.tax_amount + l.shipping_tax_amount + l.gw_tax_amount), 0) AS tax_amount,
           -coalesce(sum(l.discount_amount + l.shipping_discount_amount + l.cod_fee_discount), 0) AS discount_amount,
           coalesce(sum(l.gw_price), 0) AS gw_items_price,
           coalesce(sum(l.gw_tax_amount), 0) AS gw_items_tax_amount,
           coalesce(sum(l.cod_fee), 0) AS cod_fee,
           coalesce(sum(l.line_tax) FILTER (WHERE NOT l.tax_recorded), 0) AS tax_left_off,
           coalesce(sum(l.line_tax) FILTER (WHERE l.tax_code = 'amazon_marketplace_facilitator'), 0)
               AS marketplace_facilitator_tax,
           coalesce(sum(l.line_tax) FILTER (WHERE l.tax_code = 'seller'), 0) AS seller_tax,
           coalesce(bool_or(cardinality(i.promotion_ids) > 0), false) AS promoted
    FROM amazon.order_item i
    CROSS JOIN LATERAL amazon.line_money(i, s.prices_include_tax, s.marketplace_facilitator_tax) l
    WHERE i.amazon_order_id = o.amazon_order_id
) m;
