-- The batch's Commerce orders, numbered in purchase order, with their money (amazon.order_money
-- and amazon.line_money: the definition the checks passed), items, reservations
-- (merchant-fulfilled only: Amazon's own stock is not ours), addresses, payment, invoice, taxes,
-- Amazon's shipment of what it fulfilled, the admin grid row, status history and Order Notes:
-- one statement (only the reservations' trigger takes the allocation lock, at its end), each part built from the orders the first part created
-- (RETURNING), never re-read by id; returns the (stock, SKU) pairs it reserved. An Amazon order that has
-- a Commerce order already is skipped by the unique ext_order_id and gets nothing else.
-- Every base amount is the amount over base_to_order_rate, to Commerce's four places. An order
-- is invoiced at import where the store says so, and always when Amazon fulfilled it (it is
-- created complete, and a complete order is invoiced and shipped).
WITH batch AS (  -- the order's own columns the statement writes (not Amazon's payload, kept as it came)
    SELECT o.amazon_order_id, o.store_id, o.purchase_date, o.order_status, o.fulfillment_channel, o.currency,
           o.buyer_name, o.buyer_email, o.service_level, o.ship_by_latest, o.deliver_by_latest, o.programs,
           o.replaced_order_id, o.payment_methods, o.ship_name, o.ship_address_line1, o.ship_address_line2,
           o.ship_address_line3, o.ship_city, o.ship_state, o.ship_postal_code, o.ship_country, o.ship_phone,
           s.order_number_source, s.commerce_store_id, s.processing_status, s.customer_creation,
           s.shipping_methods, s.payment_method, s.prices_include_tax, s.marketplace_facilitator_tax,
           (s.invoice_creation = 'at_import' OR o.fulfillment_channel = %(amazon_channel)s) AS invoiced,
           om.base_currency_code, om.base_to_order_rate AS rate, om.subtotal, om.subtotal_incl_tax,
           om.shipping_amount, om.shipping_tax_amount, om.shipping_incl_tax, om.shipping_discount_amount,
           om.tax_amount, om.discount_amount, om.discount_description, om.gw_items_price, om.gw_items_tax_amount,
           om.cod_fee, coalesce(om.amazon_total, om.lines_total) AS grand_total,
           (SELECT sst.stock_id FROM commerce.store_stock sst  -- the store's stock (a subquery: a join
            WHERE sst.store_id = s.commerce_store_id) AS stock_id  -- here made each order's money 3x)
    FROM amazon."order" o
    JOIN amazon.store s ON s.store_id = o.store_id
    JOIN amazon.order_money om ON om.amazon_order_id = o.amazon_order_id
    WHERE o.amazon_order_id = ANY (%(order_ids)s) AND o.commerce_order_id IS NULL
      AND om.base_to_order_rate IS NOT NULL  -- a rate removed since the checks: blocked at the next sync
), lines AS MATERIALIZED (  -- the batch's lines in Commerce's terms (amazon.line_money), with products, once
    SELECT i.amazon_order_id, i.order_item_id, i.quantity_ordered, i.quantity_canceled, i.tax_responsible_party,
           m.*, p.entity_id AS product_id, p.sku, p.name, o.fulfillment_channel, o.invoiced, o.rate
    FROM amazon.order_item i  -- only the batch's items (its ids filter the read; Postgres picks how)
    JOIN batch o ON o.amazon_order_id = i.amazon_order_id
    CROSS JOIN LATERAL amazon.line_money(i, o.prices_include_tax, o.marketplace_facilitator_tax) m
    JOIN amazon.listing l ON l.store_id = o.store_id AND l.seller_sku = i.seller_sku
    JOIN commerce.catalog_product_entity p ON p.entity_id = l.product_id
    WHERE i.amazon_order_id = ANY (%(order_ids)s)
      AND i.quantity_ordered > 0  -- a v0 line Amazon canceled before import is left off, with a note
), created AS (
    INSERT INTO commerce.sales_order (
        increment_id, ext_order_id, store_id, state, status, customer_id, customer_is_guest, customer_email,
        customer_firstname, customer_lastname, customer_group_id, order_currency_code, base_currency_code,
        base_to_order_rate, subtotal, subtotal_incl_tax, shipping_amount, shipping_tax_amount, shipping_incl_tax,
        shipping_discount_amount, tax_amount, discount_amount, discount_description, gw_items_price,
        gw_items_tax_amount, cod_fee, grand_total, base_subtotal, base_subtotal_incl_tax, base_shipping_amount,
        base_shipping_tax_amount, base_shipping_incl_tax, base_shipping_discount_amount, base_tax_amount,
        base_discount_amount, base_gw_items_price, base_gw_items_tax_amount, base_cod_fee, base_grand_total,
        total_qty_ordered, total_invoiced, base_total_invoiced, total_paid, base_total_paid, shipping_method,
        shipping_description, amazon_ship_by_date, amazon_deliver_by_date, amazon_is_prime, amazon_is_business,
        amazon_is_replacement, amazon_replaced_order_id)
    SELECT CASE WHEN o.order_number_source = 'amazon' THEN o.amazon_order_id
                ELSE lpad(nextval('commerce.sequence_order')::text, 9, '0') END,
           o.amazon_order_id,
           o.commerce_store_id,
           CASE WHEN o.fulfillment_channel = %(amazon_channel)s THEN %(complete)s ELSE %(processing)s END,
           CASE WHEN o.fulfillment_channel = %(amazon_channel)s THEN %(complete)s ELSE o.processing_status END,
           c.entity_id,
           c.entity_id IS NULL,
           o.buyer_email,
           split_part(o.buyer_name, ' ', 1),
           nullif(substr(o.buyer_name, length(split_part(o.buyer_name, ' ', 1)) + 2), ''),
           coalesce(c.group_id, %(guest_group)s),
           o.currency, o.base_currency_code, o.rate,
           o.subtotal, o.subtotal_incl_tax, o.shipping_amount, o.shipping_tax_amount, o.shipping_incl_tax,
           o.shipping_discount_amount, o.tax_amount, o.discount_amount, o.discount_description, o.gw_items_price,
           o.gw_items_tax_amount, o.cod_fee, o.grand_total,
           round(o.subtotal / o.rate, 4), round(o.subtotal_incl_tax / o.rate, 4), round(o.shipping_amount / o.rate, 4),
           round(o.shipping_tax_amount / o.rate, 4), round(o.shipping_incl_tax / o.rate, 4),
           round(o.shipping_discount_amount / o.rate, 4), round(o.tax_amount / o.rate, 4),
           round(o.discount_amount / o.rate, 4), round(o.gw_items_price / o.rate, 4),
           round(o.gw_items_tax_amount / o.rate, 4), round(o.cod_fee / o.rate, 4), round(o.grand_total / o.rate, 4),
           qty.ordered,
           paid.amount, round(paid.amount / o.rate, 4), paid.amount, round(paid.amount / o.rate, 4),
           coalesce(o.shipping_methods ->> o.service_level, %(shipping_method_prefix)s || lower(o.service_level),
                    rtrim(%(shipping_method_prefix)s, '_')),
           'Amazon' || coalesce(' - ' || initcap(replace(o.service_level, '_', ' ')), ''),
           o.ship_by_latest, o.deliver_by_latest,
           coalesce(%(prime_program)s = ANY (o.programs), false), coalesce(%(business_program)s = ANY (o.programs), false),
           o.replaced_order_id IS NOT NULL, o.replaced_order_id
    FROM batch o
    LEFT JOIN (SELECT amazon_order_id, sum(quantity_ordered) AS ordered FROM lines GROUP BY amazon_order_id) qty
        ON qty.amazon_order_id = o.amazon_order_id
    CROSS JOIN LATERAL (SELECT CASE WHEN o.invoiced THEN o.grand_total ELSE 0 END AS amount) paid
    LEFT JOIN commerce.customer_entity c ON o.customer_creation = 'create' AND c.email = o.buyer_email
    ORDER BY o.purchase_date, o.amazon_order_id
    ON CONFLICT (ext_order_id) DO NOTHING
    RETURNING *
), linked AS (
    UPDATE amazon."order" o SET commerce_order_id = c.entity_id
    FROM created c
    WHERE o.amazon_order_id = c.ext_order_id
      AND o.amazon_order_id = ANY (%(order_ids)s)  -- the batch's rows by key, not a scan of all orders
), items AS (
    INSERT INTO commerce.sales_order_item (
        order_id, ext_order_item_id, product_id, sku, name, qty_ordered, qty_shipped, price, base_price,
        price_incl_tax, base_price_incl_tax, tax_amount, base_tax_amount, tax_percent, discount_amount,
        base_discount_amount, row_total, base_row_total, row_total_incl_tax, base_row_total_incl_tax, gw_price,
        gw_base_price, gw_tax_amount, gw_base_tax_amount, qty_invoiced, row_invoiced, base_row_invoiced)
    SELECT c.entity_id, m.order_item_id, m.product_id, m.sku, m.name, m.quantity_ordered,
           CASE WHEN m.fulfillment_channel = %(amazon_channel)s  -- Amazon shipped all it did not cancel
                THEN m.quantity_ordered - m.quantity_canceled
                ELSE 0 END,
           round(m.row_total / m.quantity_ordered, 4), round(m.row_total / m.quantity_ordered / m.rate, 4),
           round(m.row_total_incl_tax / m.quantity_ordered, 4),
           round(m.row_total_incl_tax / m.quantity_ordered / m.rate, 4),
           m.tax_amount, round(m.tax_amount / m.rate, 4), m.tax_percent,
           m.discount_amount, round(m.discount_amount / m.rate, 4),
           m.row_total, round(m.row_total / m.rate, 4), m.row_total_incl_tax, round(m.row_total_incl_tax / m.rate, 4),
           m.gw_price, round(m.gw_price / m.rate, 4), m.gw_tax_amount, round(m.gw_tax_amount / m.rate, 4),
           CASE WHEN m.invoiced THEN m.quantity_ordered ELSE 0 END,
           CASE WHEN m.invoiced THEN m.row_total ELSE 0 END,
           CASE WHEN m.invoiced THEN round(m.row_total / m.rate, 4) ELSE 0 END
    FROM lines m
    JOIN created c ON c.ext_order_id = m.amazon_order_id
    RETURNING *
), reservations AS (  -- in the stock of the order's store; none for a product that does not manage stock
    INSERT INTO commerce.inventory_reservation (stock_id, sku, quantity, object_type, object_id, event)
    SELECT o.stock_id, it.sku, -sum(it.qty_ordered), 'order', c.increment_id, 'order_placed'
    FROM items it
    JOIN created c ON c.entity_id = it.order_id
    JOIN batch o ON o.amazon_order_id = c.ext_order_id
    LEFT JOIN commerce.cataloginventory_stock_item si ON si.product_id = it.product_id
    WHERE o.fulfillment_channel = %(merchant_channel)s AND si.manage_stock IS DISTINCT FROM false
    GROUP BY o.stock_id, it.sku, c.increment_id
    RETURNING stock_id, sku
), addresses AS (  -- shipping and billing, from Amazon's shipping address when given (either version)
    INSERT INTO commerce.sales_order_address (parent_id, address_type, firstname, lastname, street, city, region,
                                              postcode, country_id, email, telephone)
    SELECT c.entity_id, kind.address_type,
           split_part(coalesce(o.ship_name, o.buyer_name), ' ', 1),
           nullif(substr(coalesce(o.ship_name, o.buyer_name),
                         length(split_part(coalesce(o.ship_name, o.buyer_name), ' ', 1)) + 2), ''),
           nullif(concat_ws(E'\n', o.ship_address_line1, o.ship_address_line2, o.ship_address_line3), ''),
           o.ship_city, o.ship_state, o.ship_postal_code, o.ship_country, o.buyer_email, o.ship_phone
    FROM created c
    JOIN batch o ON o.amazon_order_id = c.ext_order_id
    CROSS JOIN (VALUES ('shipping'), ('billing')) AS kind (address_type)
), histories AS (
    INSERT INTO commerce.sales_order_status_history (parent_id, status, comment)
    SELECT c.entity_id, c.status,
           'Imported from Amazon order ' || o.amazon_order_id || ' (' || o.order_status || ', '
           || o.fulfillment_channel || ')'
    FROM created c
    JOIN batch o ON o.amazon_order_id = c.ext_order_id
), payments AS (  -- Amazon collected the money: paid once invoiced
    INSERT INTO commerce.sales_order_payment (parent_id, method, amount_ordered, base_amount_ordered, amount_paid,
                                              base_amount_paid, shipping_amount, base_shipping_amount,
                                              additional_information)
    SELECT c.entity_id, o.payment_method, o.grand_total, round(o.grand_total / o.rate, 4),
           CASE WHEN o.invoiced THEN o.grand_total ELSE 0 END,
           CASE WHEN o.invoiced THEN round(o.grand_total / o.rate, 4) ELSE 0 END,
           o.shipping_amount, round(o.shipping_amount / o.rate, 4),
           jsonb_build_object('amazon_order_id', o.amazon_order_id,
                              'amazon_payment_methods', to_jsonb(coalesce(o.payment_methods, '{}')))
    FROM created c
    JOIN batch o ON o.amazon_order_id = c.ext_order_id
), invoices AS (  -- the invoiced orders' paid invoice (state 2), for the whole order
    INSERT INTO commerce.sales_invoice (order_id, increment_id, store_id, order_currency_code, base_currency_code,
                                        base_to_order_rate, subtotal, base_subtotal, subtotal_incl_tax,
                                        shipping_amount, base_shipping_amount, shipping_tax_amount, shipping_incl_tax,
                                        tax_amount, base_tax_amount, discount_amount, base_discount_amount,
                                        gw_items_price, cod_fee, grand_total, base_grand_total, total_qty)
    SELECT c.entity_id, lpad(nextval('commerce.sequence_invoice')::text, 9, '0'), c.store_id, c.order_currency_code,
           c.base_currency_code, c.base_to_order_rate, c.subtotal, c.base_subtotal, c.subtotal_incl_tax,
           c.shipping_amount, c.base_shipping_amount, c.shipping_tax_amount, c.shipping_incl_tax, c.tax_amount,
           c.base_tax_amount, c.discount_amount, c.base_discount_amount, c.gw_items_price, c.cod_fee, c.grand_total,
           c.base_grand_total, c.total_qty_ordered
    FROM created c
    JOIN batch o ON o.amazon_order_id = c.ext_order_id
    WHERE o.invoiced
    ORDER BY c.entity_id
    RETURNING entity_id, order_id
), invoice_items AS (
    INSERT INTO commerce.sales_invoice_item (parent_id, order_item_id, sku, name, qty, price, base_price,
                                             price_incl_tax, row_total, base_row_total, row_total_incl_tax,
                                             tax_amount, base_tax_amount, discount_amount, base_discount_amount)
    SELECT v.entity_id, it.item_id, it.sku, it.name, it.qty_invoiced, it.price, it.base_price, it.price_incl_tax,
           it.row_total, it.base_row_total, it.row_total_incl_tax, it.tax_amount, it.base_tax_amount,
           it.discount_amount, it.base_discount_amount
    FROM invoices v
    JOIN items it ON it.order_id = v.order_id
), tax_parts AS (  -- each recorded tax of a line, by kind, with who collects it
    SELECT it.order_id, it.item_id, m.tax_code, m.tax_responsible_party, m.rate, kind.taxable_item_type,
           kind.amount, kind.tax_percent, kind.taxable
    FROM items it
    JOIN created c ON c.entity_id = it.order_id
    JOIN lines m ON m.amazon_order_id = c.ext_order_id AND m.order_item_id = it.ext_order_item_id
    CROSS JOIN LATERAL (VALUES ('product', m.tax_amount, m.tax_percent, m.row_total),
                               ('shipping', m.shipping_tax_amount, 0::numeric, m.shipping_amount),
                               ('item_gw', m.gw_tax_amount, 0::numeric, m.gw_price))
        AS kind (taxable_item_type, amount, tax_percent, taxable)
    WHERE m.tax_recorded AND kind.amount <> 0
), taxes AS (  -- one per order and collector: Amazon as marketplace facilitator, or the seller
    INSERT INTO commerce.sales_order_tax (order_id, code, title, percent, amount, base_amount, base_real_amount,
                                          responsible_party)
    SELECT order_id, tax_code,
           CASE WHEN tax_code = 'amazon_marketplace_facilitator'
                THEN 'Collected and remitted by ' || coalesce(min(tax_responsible_party), 'Amazon')
                ELSE 'Owed by the seller' END,
           CASE WHEN sum(taxable) > 0 THEN round(sum(amount) / sum(taxable) * 100, 4) ELSE 0 END,
           sum(amount), round(sum(amount) / min(rate), 4), round(sum(amount) / min(rate), 4),
           min(tax_responsible_party)
    FROM tax_parts
    GROUP BY order_id, tax_code
    ORDER BY order_id, tax_code
    RETURNING tax_id, order_id, code
), tax_items AS (  -- a product's tax on the item; shipping and gift wrap tax on the item they go with
    INSERT INTO commerce.sales_order_tax_item (tax_id, item_id, taxable_item_type, associated_item_id, tax_percent,
                                               amount, base_amount, real_amount, real_base_amount)
    SELECT t.tax_id, CASE WHEN p.taxable_item_type = 'product' THEN p.item_id END, p.taxable_item_type,
           CASE WHEN p.taxable_item_type <> 'product' THEN p.item_id END,
           CASE WHEN p.taxable_item_type = 'product' THEN p.tax_percent
                WHEN p.taxable > 0 THEN round(p.amount / p.taxable * 100, 4) ELSE 0 END,
           p.amount, round(p.amount / p.rate, 4), p.amount, round(p.amount / p.rate, 4)
    FROM tax_parts p
    JOIN taxes t ON t.order_id = p.order_id AND t.code = p.tax_code
), amazon_shipments AS (  -- Amazon shipped what it fulfilled: no stock moves, nothing to confirm
    INSERT INTO commerce.sales_shipment (order_id, increment_id, total_qty)
    SELECT c.entity_id, lpad(nextval('commerce.sequence_shipment')::text, 9, '0'), shipped.qty
    FROM created c
    JOIN batch o ON o.amazon_order_id = c.ext_order_id
    JOIN (SELECT it.order_id, sum(it.qty_shipped) AS qty FROM items it GROUP BY it.order_id) shipped
        ON shipped.order_id = c.entity_id
    WHERE o.fulfillment_channel = %(amazon_channel)s
    ORDER BY c.entity_id
    RETURNING entity_id, order_id
), amazon_shipment_items AS (
    INSERT INTO commerce.sales_shipment_item (parent_id, order_item_id, sku, qty)
    SELECT sh.entity_id, it.item_id, it.sku, it.qty_shipped
    FROM amazon_shipments sh
    JOIN items it ON it.order_id = sh.order_id
    WHERE it.qty_shipped > 0
), grid AS (  -- Commerce's admin grid row (the sales_order_grid_refresh trigger keeps it in step)
    INSERT INTO commerce.sales_order_grid (entity_id, status, store_id, store_name, customer_id, base_grand_total,
                                           base_total_paid, grand_total, total_paid, increment_id,
                                           base_currency_code, order_currency_code, shipping_name, billing_name,
                                           created_at, updated_at, billing_address, shipping_address,
                                           shipping_information, customer_email, customer_group, subtotal,
                                           shipping_and_handling, customer_name, payment_method, total_refunded)
    SELECT c.entity_id, c.status, c.store_id, st.name, c.customer_id, c.base_grand_total, c.base_total_paid,
           c.grand_total, c.total_paid, c.increment_id, c.base_currency_code, c.order_currency_code,
           coalesce(o.ship_name, o.buyer_name), coalesce(o.ship_name, o.buyer_name), c.created_at, c.updated_at,
           address.text, address.text, c.shipping_description, c.customer_email, c.customer_group_id::text,
           c.subtotal, c.shipping_amount + c.shipping_tax_amount,
           nullif(concat_ws(' ', c.customer_firstname, c.customer_lastname), ''), o.payment_method, 0
    FROM created c
    JOIN batch o ON o.amazon_order_id = c.ext_order_id
    JOIN commerce.store st ON st.store_id = c.store_id
    CROSS JOIN LATERAL (SELECT nullif(concat_ws(', ', o.ship_address_line1, o.ship_address_line2, o.ship_address_line3,
                                                o.ship_city, o.ship_state, o.ship_postal_code, o.ship_country), '')
                        AS text) address
), events AS (
    INSERT INTO amazon.order_event (amazon_order_id, run_key, note)
    SELECT c.ext_order_id, %(run_key)s, 'Imported as Commerce order #' || c.increment_id || ' (' || c.status || ')'
    FROM created c
    UNION ALL
    SELECT c.ext_order_id, %(run_key)s,
           'Item ' || i.order_item_id || ' (' || coalesce(i.seller_sku, 'no SKU') || ') left off: Amazon canceled it '
           || 'before import (QuantityOrdered 0)'
    FROM created c
    JOIN amazon.order_item i ON i.amazon_order_id = c.ext_order_id AND i.quantity_ordered = 0
    WHERE i.amazon_order_id = ANY (%(order_ids)s)  -- by the batch's ids on the canceled lines' index (024)
)
SELECT DISTINCT stock_id, sku FROM reservations  -- the (stock, SKU) pairs whose salable stock the batch took
