-- The analysts' side of the complete Commerce order (migration 016): the grid and the analyst
-- schema gain the order's money, Amazon's tax split by who collects it, the Prime / Business /
-- replacement flags; the new view amazon.orders_to_ship lists the merchant-fulfilled orders
-- still to ship, by ship-by date. Views only. Columns are only added at the end: the views'
-- contract is stable names (DESIGN.md, "Analyst views"); docs/money.md says what each amount is.
--
-- The grid's grand_total and currency stay Amazon's (its OrderTotal); the new money columns are
-- the Commerce order's (NULL until it exists), commerce_grand_total among them: it is Amazon's
-- order total less any marketplace-facilitator tax the store leaves off the order. The tax split
-- is Amazon's (amazon.order_money), there whether or not the order is imported, in the order's
-- currency.
CREATE OR REPLACE VIEW amazon.orders_grid AS
SELECT s.name AS store_name,
       o.amazon_order_id,
       o.purchase_date,
       o.last_update_date,
       o.order_status AS amazon_status,
       CASE
           WHEN so.status = 'complete' THEN 'Completed'
           WHEN so.entity_id IS NULL AND EXISTS (
               SELECT 1 FROM amazon.blocker b
               WHERE b.amazon_order_id = o.amazon_order_id AND b.resolved_at IS NULL) THEN 'Error'
           ELSE o.order_status
       END AS status,
       o.fulfillment_channel,
       o.buyer_name,
       o.order_total AS grand_total,
       o.currency,
       note.note AS order_notes,
       so.increment_id AS commerce_order_number,
       so.status AS commerce_status,
       s.store_id,
       (o.order_status IS DISTINCT FROM 'Canceled' AND EXISTS (
           SELECT 1 FROM amazon.order_item i
           WHERE i.amazon_order_id = o.amazon_order_id AND i.buyer_requested_cancel)) AS buyer_requested_cancel,
       o.fulfillment_status,
       o.ship_by_latest,
       o.deliver_by_latest,
       o.service_level,
       o.programs,
       o.api_version,
       -- 017: the Commerce order's money (Commerce's names and signs: discount_amount <= 0)
       so.subtotal,
       so.shipping_amount,
       so.tax_amount,
       so.discount_amount,
       so.grand_total AS commerce_grand_total,
       so.base_grand_total,
       so.base_currency_code,
       so.base_to_order_rate,
       so.total_invoiced,
       so.total_paid,
       so.shipping_method,
       -- Amazon's tax by who collects it (in the order's currency)
       m.marketplace_facilitator_tax,
       m.seller_tax,
       coalesce('PRIME' = ANY (o.programs), false) AS is_prime,
       coalesce('AMAZON_BUSINESS' = ANY (o.programs), false) AS is_business,
       o.replaced_order_id IS NOT NULL AS is_replacement,
       o.replaced_order_id
FROM amazon."order" o
JOIN amazon.store s ON s.store_id = o.store_id
LEFT JOIN commerce.sales_order so ON so.entity_id = o.commerce_order_id
LEFT JOIN LATERAL (
    SELECT e.note FROM amazon.order_event e
    WHERE e.amazon_order_id = o.amazon_order_id
    ORDER BY e.event_id DESC LIMIT 1
) note ON true
LEFT JOIN LATERAL (
    SELECT coalesce(sum(l.line_tax) FILTER (WHERE l.tax_code = 'amazon_marketplace_facilitator'), 0)
               AS marketplace_facilitator_tax,
           coalesce(sum(l.line_tax) FILTER (WHERE l.tax_code = 'seller'), 0) AS seller_tax
    FROM amazon.order_item_money l
    WHERE l.amazon_order_id = o.amazon_order_id
) m ON true;

-- The dashboard's Recent Orders gains the grid's columns since 004 after its recent_rank (the
-- view was frozen at 004's grid: SELECT * is expanded when a view is made).
CREATE OR REPLACE VIEW amazon.recent_orders AS
SELECT store_name, amazon_order_id, purchase_date, last_update_date, amazon_status, status,
       fulfillment_channel, buyer_name, grand_total, currency, order_notes, commerce_order_number,
       commerce_status, store_id, buyer_requested_cancel, recent_rank,
       fulfillment_status, ship_by_latest, deliver_by_latest, service_level, programs, api_version,
       subtotal, shipping_amount, tax_amount, discount_amount, commerce_grand_total, base_grand_total,
       base_currency_code, base_to_order_rate, total_invoiced, total_paid, shipping_method,
       marketplace_facilitator_tax, seller_tax, is_prime, is_business, is_replacement, replaced_order_id
FROM (
    SELECT g.*, row_number() OVER (PARTITION BY g.store_id ORDER BY g.purchase_date DESC NULLS LAST,
                                   g.amazon_order_id) AS recent_rank
    FROM amazon.orders_grid g
) ranked
WHERE recent_rank <= 10;

-- Merchant-fulfilled orders Amazon still expects the seller to ship (Unshipped, PartiallyShipped),
-- imported or not (a blocked one is `blocked`: fix it first), unless the Commerce order is
-- canceled (then the order is the seller's to cancel on Amazon: amazon.status_drift shows it).
-- A Commerce shipment not yet confirmed to Amazon leaves the order here: until Amazon knows, the
-- deadline is not met. `due`: late (ship-by passed), today (ship-by before the end of today,
-- UTC), later, or NULL when Amazon gave no ship-by date. Earliest ship-by first. No buyer data.
CREATE VIEW amazon.orders_to_ship AS
SELECT s.name AS store_name,
       o.amazon_order_id,
       o.purchase_date,
       o.order_status AS amazon_status,
       o.ship_by_latest,
       o.deliver_by_latest,
       o.service_level,
       coalesce('PRIME' = ANY (o.programs), false) AS is_prime,
       CASE
           WHEN o.ship_by_latest IS NULL THEN NULL
           WHEN o.ship_by_latest < now() THEN 'late'
           WHEN o.ship_by_latest < date_trunc('day', now(), 'UTC') + interval '1 day' THEN 'today'
           ELSE 'later'
       END AS due,
       so.increment_id AS commerce_order_number,
       so.status AS commerce_status,
       s.store_id,
       o.ship_by_earliest,
       coalesce('AMAZON_BUSINESS' = ANY (o.programs), false) AS is_business,
       o.replaced_order_id IS NOT NULL AS is_replacement,
       (so.entity_id IS NULL AND EXISTS (
           SELECT 1 FROM amazon.blocker b
           WHERE b.amazon_order_id = o.amazon_order_id AND b.resolved_at IS NULL)) AS blocked,
       u.units_to_ship
FROM amazon."order" o
JOIN amazon.store s ON s.store_id = o.store_id
LEFT JOIN commerce.sales_order so ON so.entity_id = o.commerce_order_id
LEFT JOIN LATERAL (
    SELECT sum(greatest(coalesce(i.quantity_ordered, 0) - coalesce(i.quantity_shipped, 0), 0))::integer
               AS units_to_ship
    FROM amazon.order_item i
    WHERE i.amazon_order_id = o.amazon_order_id
) u ON true
WHERE o.fulfillment_channel = 'MFN'
  AND o.order_status IN ('Unshipped', 'PartiallyShipped')
  AND so.status IS DISTINCT FROM 'canceled'
ORDER BY o.ship_by_latest NULLS LAST, o.purchase_date, o.amazon_order_id;

-- The analyst schema: the same columns, buyers' names masked as before; no address or email.
CREATE OR REPLACE VIEW analyst.orders_grid AS
SELECT store_name, amazon_order_id, purchase_date, last_update_date, amazon_status, status,
       fulfillment_channel, analyst.mask_name(buyer_name) AS buyer_name, grand_total, currency,
       order_notes, commerce_order_number, commerce_status, store_id, buyer_requested_cancel,
       fulfillment_status, ship_by_latest, deliver_by_latest, service_level, programs, api_version,
       subtotal, shipping_amount, tax_amount, discount_amount, commerce_grand_total, base_grand_total,
       base_currency_code, base_to_order_rate, total_invoiced, total_paid, shipping_method,
       marketplace_facilitator_tax, seller_tax, is_prime, is_business, is_replacement, replaced_order_id
FROM amazon.orders_grid;

CREATE OR REPLACE VIEW analyst.recent_orders AS
SELECT store_name, amazon_order_id, purchase_date, last_update_date, amazon_status, status,
       fulfillment_channel, analyst.mask_name(buyer_name) AS buyer_name, grand_total, currency,
       order_notes, commerce_order_number, commerce_status, store_id, buyer_requested_cancel, recent_rank,
       fulfillment_status, ship_by_latest, deliver_by_latest, service_level, programs, api_version,
       subtotal, shipping_amount, tax_amount, discount_amount, commerce_grand_total, base_grand_total,
       base_currency_code, base_to_order_rate, total_invoiced, total_paid, shipping_method,
       marketplace_facilitator_tax, seller_tax, is_prime, is_business, is_replacement, replaced_order_id
FROM amazon.recent_orders;

CREATE VIEW analyst.orders_to_ship AS
SELECT store_name, amazon_order_id, purchase_date, amazon_status, ship_by_latest, deliver_by_latest,
       service_level, is_prime, due, commerce_order_number, commerce_status, store_id, ship_by_earliest,
       is_business, is_replacement, blocked, units_to_ship
FROM amazon.orders_to_ship;

-- Commerce orders, still without the customer's name and email, with their money.
CREATE OR REPLACE VIEW analyst.sales_order AS
SELECT entity_id, increment_id, ext_order_id, store_id, state, status, customer_is_guest,
       order_currency_code, subtotal, grand_total, total_qty_ordered, created_at, updated_at,
       customer_group_id, base_currency_code, base_to_order_rate,
       subtotal_incl_tax, shipping_amount, shipping_tax_amount, shipping_incl_tax, shipping_discount_amount,
       tax_amount, discount_amount, discount_description, gw_items_price, gw_items_tax_amount, cod_fee,
       base_subtotal, base_subtotal_incl_tax, base_shipping_amount, base_shipping_tax_amount,
       base_shipping_incl_tax, base_shipping_discount_amount, base_tax_amount, base_discount_amount,
       base_gw_items_price, base_gw_items_tax_amount, base_cod_fee, base_grand_total,
       total_invoiced, base_total_invoiced, total_paid, base_total_paid, total_canceled, base_total_canceled,
       shipping_method, shipping_description, relation_parent_id, relation_parent_real_id,
       amazon_ship_by_date, amazon_deliver_by_date, amazon_is_prime, amazon_is_business,
       amazon_is_replacement, amazon_replaced_order_id
FROM commerce.sales_order;

-- The order's lines (products and money; nothing personal).
CREATE VIEW analyst.sales_order_item AS
SELECT item_id, order_id, ext_order_item_id, product_id, sku, name, qty_ordered, qty_shipped, qty_canceled,
       qty_invoiced, price, base_price, price_incl_tax, base_price_incl_tax, tax_amount, base_tax_amount,
       tax_percent, discount_amount, base_discount_amount, row_total, base_row_total, row_total_incl_tax,
       base_row_total_incl_tax, gw_price, gw_base_price, gw_tax_amount, gw_base_tax_amount,
       row_invoiced, base_row_invoiced, created_at
FROM commerce.sales_order_item;

-- Each tax of an order by who collects it: code amazon_marketplace_facilitator or seller.
CREATE VIEW analyst.sales_order_tax AS
SELECT tax_id, order_id, code, title, percent, amount, base_amount, base_real_amount, priority, position,
       process, responsible_party
FROM commerce.sales_order_tax;

CREATE VIEW analyst.sales_order_tax_item AS
SELECT tax_item_id, tax_id, item_id, taxable_item_type, associated_item_id, tax_percent, amount,
       base_amount, real_amount, real_base_amount
FROM commerce.sales_order_tax_item;

-- The payment: additional_information limited to the two keys the import writes (the Amazon
-- order id and Amazon's payment methods), so a key added there later is not shown unasked.
CREATE VIEW analyst.sales_order_payment AS
SELECT entity_id, parent_id, method, amount_ordered, base_amount_ordered, amount_paid, base_amount_paid,
       shipping_amount, base_shipping_amount,
       jsonb_strip_nulls(jsonb_build_object(
           'amazon_order_id', additional_information -> 'amazon_order_id',
           'amazon_payment_methods', additional_information -> 'amazon_payment_methods'))
           AS additional_information
FROM commerce.sales_order_payment;

CREATE VIEW analyst.sales_invoice AS
SELECT entity_id, order_id, increment_id, store_id, state, order_currency_code, base_currency_code,
       base_to_order_rate, subtotal, base_subtotal, subtotal_incl_tax, shipping_amount, base_shipping_amount,
       shipping_tax_amount, shipping_incl_tax, tax_amount, base_tax_amount, discount_amount,
       base_discount_amount, gw_items_price, cod_fee, grand_total, base_grand_total, total_qty,
       created_at, updated_at
FROM commerce.sales_invoice;

CREATE VIEW analyst.sales_invoice_item AS
SELECT entity_id, parent_id, order_item_id, sku, name, qty, price, base_price, price_incl_tax, row_total,
       base_row_total, row_total_incl_tax, tax_amount, base_tax_amount, discount_amount, base_discount_amount
FROM commerce.sales_invoice_item;

-- The currency rates the base amounts were taken at (as they are now; an order keeps its own
-- base_to_order_rate).
CREATE VIEW analyst.directory_currency_rate AS
SELECT currency_from, currency_to, rate FROM commerce.directory_currency_rate;

GRANT SELECT ON analyst.orders_to_ship, analyst.sales_order_item, analyst.sales_order_tax,
    analyst.sales_order_tax_item, analyst.sales_order_payment, analyst.sales_invoice,
    analyst.sales_invoice_item, analyst.directory_currency_rate TO amazon_analyst;
