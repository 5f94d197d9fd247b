-- The invoice of each order the batch created invoiced (its items' qty_invoiced, set at
-- creation), with its items: Commerce's paid invoice (state 2) for the whole order. An order
-- that has an invoice gets no second one.
WITH invoiced AS (
    SELECT so.*
    FROM commerce.sales_order so
    WHERE so.ext_order_id = ANY (%(order_ids)s) AND so.total_invoiced = so.grand_total
      AND EXISTS (SELECT 1 FROM commerce.sales_order_item i WHERE i.order_id = so.entity_id AND i.qty_invoiced > 0)
      AND NOT EXISTS (SELECT 1 FROM commerce.sales_invoice v WHERE v.order_id = so.entity_id)
), invoices AS (
    INSERT INTO commerce.sales_invoice (order_id, increment_id, store_id, order_currency_code, base_currency_code,
                                        base_to_order_rate, subtotal, base_subtotal, subtotal_incl_tax,
                                        shipping_amount, base_shipping_amount, shipping_tax_amount, shipping_incl_tax,
                                        tax_amount, base_tax_amount, discount_amount, base_discount_amount,
                                        gw_items_price, cod_fee, grand_total, base_grand_total, total_qty)
    SELECT entity_id, lpad(nextval('commerce.sequence_invoice')::text, 9, '0'), store_id, order_currency_code,
           base_currency_code, base_to_order_rate, subtotal, base_subtotal, subtotal_incl_tax, shipping_amount,
           base_shipping_amount, shipping_tax_amount, shipping_incl_tax, tax_amount, base_tax_amount,
           discount_amount, base_discount_amount, gw_items_price, cod_fee, grand_total, base_grand_total,
           total_qty_ordered
    FROM invoiced
    ORDER BY entity_id
    RETURNING entity_id, order_id
)
INSERT INTO commerce.sales_invoice_item (parent_id, order_item_id, sku, name, qty, price, base_price, price_incl_tax,
                                         row_total, base_row_total, row_total_incl_tax, tax_amount, base_tax_amount,
                                         discount_amount, base_discount_amount)
SELECT v.entity_id, i.item_id, i.sku, i.name, i.qty_invoiced, i.price, i.base_price, i.price_incl_tax, i.row_total,
       i.base_row_total, i.row_total_incl_tax, i.tax_amount, i.base_tax_amount, i.discount_amount,
       i.base_discount_amount
FROM invoices v
JOIN commerce.sales_order_item i ON i.order_id = v.order_id
WHERE i.qty_invoiced > 0
