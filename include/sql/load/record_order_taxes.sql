-- The taxes of the orders the batch created, one row per order and collector (Amazon as
-- marketplace facilitator, or the seller), each with its part per item and kind (product,
-- shipping, gift wrap). Only tax recorded on the order: tax the store leaves off is not there.
WITH lines AS (
    SELECT so.entity_id AS order_id, so.base_to_order_rate AS rate, i.item_id, m.*
    FROM commerce.sales_order so
    JOIN commerce.sales_order_item i ON i.order_id = so.entity_id
    JOIN amazon.order_item_money m ON m.amazon_order_id = so.ext_order_id AND m.order_item_id = i.ext_order_item_id
    WHERE so.ext_order_id = ANY (%(order_ids)s) AND m.tax_recorded
      AND NOT EXISTS (SELECT 1 FROM commerce.sales_order_tax t WHERE t.order_id = so.entity_id)
), parts AS (
    SELECT l.order_id, l.rate, l.item_id, l.tax_code, l.tax_responsible_party, kind.taxable_item_type,
           kind.amount, kind.tax_percent, kind.taxable
    FROM lines l
    CROSS JOIN LATERAL (VALUES ('product', l.tax_amount, l.tax_percent, l.row_total),
                               ('shipping', l.shipping_tax_amount, 0::numeric, l.shipping_amount),
                               ('item_gw', l.gw_tax_amount, 0::numeric, l.gw_price))
        AS kind (taxable_item_type, amount, tax_percent, taxable)
    WHERE kind.amount <> 0
), taxes AS (
    INSERT INTO commerce.sales_order_tax (order_id, code, title, percent, amount, base_amount, base_real_amount,
                                          responsible_party)
    SELECT order_id, tax_code,
           CASE WHEN tax_code = 'amazon_marketplace_facilitator'
                THEN 'Collected and remitted by ' || coalesce(min(tax_responsible_party), 'Amazon')
                ELSE 'Owed by the seller' END,
           CASE WHEN sum(taxable) > 0 THEN round(sum(amount) / sum(taxable) * 100, 4) ELSE 0 END,
           sum(amount), round(sum(amount) / min(rate), 4), round(sum(amount) / min(rate), 4),
           min(tax_responsible_party)
    FROM parts
    GROUP BY order_id, tax_code
    ORDER BY order_id, tax_code
    RETURNING tax_id, order_id, code
)
INSERT INTO commerce.sales_order_tax_item (tax_id, item_id, taxable_item_type, associated_item_id, tax_percent,
                                           amount, base_amount, real_amount, real_base_amount)
SELECT t.tax_id, CASE WHEN p.taxable_item_type = 'product' THEN p.item_id END, p.taxable_item_type,
       CASE WHEN p.taxable_item_type <> 'product' THEN p.item_id END,
       CASE WHEN p.taxable_item_type = 'product' THEN p.tax_percent
            WHEN p.taxable > 0 THEN round(p.amount / p.taxable * 100, 4) ELSE 0 END,
       p.amount, round(p.amount / p.rate, 4), p.amount, round(p.amount / p.rate, 4)
FROM parts p
JOIN taxes t ON t.order_id = p.order_id AND t.code = p.tax_code
