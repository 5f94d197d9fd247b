-- A complete Commerce order: Amazon's money per line as typed columns, and on the Commerce side
-- the order's totals with their base-currency twins, taxes with who collects them, payment,
-- invoice, shipping method, Amazon's deadlines and flags, customer group and the admin grid.
-- Names, columns and signs are Commerce's own (Magento's Sales declarative schema): an order's
-- discount_amount is negative, an item's positive; base_x = x / base_to_order_rate.

-- Amazon's money per line, both versions in the same columns (payload.py, payload_2026.py).
-- Amounts as Amazon gives them: positive, discounts too; NULL when Amazon sent none (a pending
-- order) or the value is unreadable. v2026 gives the tax on discounts as one figure (TAX's
-- DISCOUNT subtype): it is promotion_discount_tax, and shipping_discount_tax stays NULL.
ALTER TABLE amazon.order_item
    ADD COLUMN item_tax               numeric(20, 4),
    ADD COLUMN shipping_price         numeric(20, 4),
    ADD COLUMN shipping_tax           numeric(20, 4),
    ADD COLUMN promotion_discount     numeric(20, 4),
    ADD COLUMN promotion_discount_tax numeric(20, 4),
    ADD COLUMN shipping_discount      numeric(20, 4),
    ADD COLUMN shipping_discount_tax  numeric(20, 4),
    ADD COLUMN gift_wrap_price        numeric(20, 4),
    ADD COLUMN gift_wrap_tax          numeric(20, 4),
    ADD COLUMN cod_fee                numeric(20, 4),
    ADD COLUMN cod_fee_discount       numeric(20, 4),
    ADD COLUMN tax_collection_model   text,  -- v2026's words: MARKETPLACE_FACILITATOR (v0 MarketplaceFacilitator)
    ADD COLUMN tax_responsible_party  text,  -- who withholds and remits it, as Amazon names them
    ADD COLUMN promotion_ids          text[];

-- v0 PaymentMethod (Other, COD, CVS) or v2026's payment executions' methods; the OrderItemIds
-- an answer gave more than once (the order is then blocked, never imported with a line dropped).
ALTER TABLE amazon."order"
    ADD COLUMN payment_methods   text[],
    ADD COLUMN repeated_item_ids text[];

-- The stored rows read as the pipeline now reads them (helpers dropped again below).
CREATE FUNCTION amazon.m016_amount(value jsonb) RETURNS numeric
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF jsonb_typeof(value) NOT IN ('string', 'number') OR value #>> '{}' !~ '^\s*[-+]?(\d+\.?\d*|\.\d+)\s*$' THEN
        RETURN NULL;
    END IF;
    RETURN CASE WHEN abs((value #>> '{}')::numeric) < 1e15 THEN (value #>> '{}')::numeric END;
END
$$;

-- A v0 line's money part at path: zero when a priced line leaves it out (payload.line_money).
CREATE FUNCTION amazon.m016_part(item jsonb, path text[]) RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN item #> path IS NULL THEN CASE WHEN item ? 'ItemPrice' THEN 0 END
                ELSE amazon.m016_amount(item #> (path || '{Amount}'::text[])) END
$$;

CREATE FUNCTION amazon.m016_text(value jsonb) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN jsonb_typeof(value) = 'string' THEN value #>> '{}' END
$$;

UPDATE amazon.order_item i
SET item_tax = amazon.m016_part(i.payload, '{ItemTax}'),
    shipping_price = amazon.m016_part(i.payload, '{ShippingPrice}'),
    shipping_tax = amazon.m016_part(i.payload, '{ShippingTax}'),
    promotion_discount = amazon.m016_part(i.payload, '{PromotionDiscount}'),
    promotion_discount_tax = amazon.m016_part(i.payload, '{PromotionDiscountTax}'),
    shipping_discount = amazon.m016_part(i.payload, '{ShippingDiscount}'),
    shipping_discount_tax = amazon.m016_part(i.payload, '{ShippingDiscountTax}'),
    gift_wrap_price = amazon.m016_part(i.payload, '{BuyerInfo,GiftWrapPrice}'),
    gift_wrap_tax = amazon.m016_part(i.payload, '{BuyerInfo,GiftWrapTax}'),
    cod_fee = amazon.m016_part(i.payload, '{CODFee}'),
    cod_fee_discount = amazon.m016_part(i.payload, '{CODFeeDiscount}'),
    tax_collection_model = upper(regexp_replace(amazon.m016_text(i.payload -> 'TaxCollection' -> 'Model'),
                                                '([a-z0-9])([A-Z])', '\1_\2', 'g')),
    tax_responsible_party = nullif(amazon.m016_text(i.payload -> 'TaxCollection' -> 'ResponsibleParty'), ''),
    promotion_ids = CASE WHEN jsonb_typeof(i.payload -> 'PromotionIds') = 'array' THEN ARRAY(
        SELECT DISTINCT p FROM jsonb_array_elements_text(i.payload -> 'PromotionIds') p WHERE p <> '' ORDER BY p) END
FROM amazon."order" o
WHERE o.amazon_order_id = i.amazon_order_id AND o.api_version = 'v0';

-- v2026: proceeds.breakdowns by type (a priced line's missing ones are zero), TAX and DISCOUNT by their detailed subtypes (negative
-- amounts reduce the proceeds: a discount is -value).
UPDATE amazon.order_item i
SET item_tax = coalesce(b.item_tax, b.z), shipping_price = coalesce(b.shipping_price, b.z), shipping_tax = coalesce(b.shipping_tax, b.z),
    promotion_discount = coalesce(b.promotion_discount, b.z), promotion_discount_tax = coalesce(b.discount_tax, b.z),
    shipping_discount = coalesce(b.shipping_discount, b.z), shipping_discount_tax = b.z,
    gift_wrap_price = coalesce(b.gift_wrap_price, b.z), gift_wrap_tax = coalesce(b.gift_wrap_tax, b.z), cod_fee = coalesce(b.cod_fee, b.z),
    cod_fee_discount = coalesce(b.cod_fee_discount, b.z),
    tax_collection_model = amazon.m016_text(i.payload -> 'tax' -> 'taxCollections' -> 0 -> 'model'),
    tax_responsible_party = nullif(amazon.m016_text(i.payload -> 'tax' -> 'taxCollections' -> 0 -> 'responsibleParty'), ''),
    promotion_ids = CASE WHEN jsonb_typeof(i.payload -> 'promotion' -> 'breakdowns') = 'array' THEN ARRAY(
        SELECT DISTINCT p ->> 'promotionId' FROM jsonb_array_elements(i.payload -> 'promotion' -> 'breakdowns') p
        WHERE coalesce(p ->> 'promotionId', '') <> '' ORDER BY 1) END
FROM (
    SELECT x.amazon_order_id, x.order_item_id, parts.*,
           CASE WHEN jsonb_typeof(x.payload -> 'proceeds' -> 'breakdowns') = 'array'
                     AND jsonb_array_length(x.payload -> 'proceeds' -> 'breakdowns') > 0 THEN 0 END AS z
    FROM amazon.order_item x
    JOIN amazon."order" o ON o.amazon_order_id = x.amazon_order_id AND o.api_version = '2026-01-01'
    CROSS JOIN LATERAL (
        SELECT sum(v) FILTER (WHERE kind = 'SHIPPING') AS shipping_price,
               sum(v) FILTER (WHERE kind = 'GIFT_WRAP') AS gift_wrap_price,
               sum(v) FILTER (WHERE kind = 'COD_FEE') AS cod_fee,
               sum(v) FILTER (WHERE kind = 'TAX/ITEM') AS item_tax,
               sum(v) FILTER (WHERE kind = 'TAX/SHIPPING') AS shipping_tax,
               sum(v) FILTER (WHERE kind = 'TAX/GIFT_WRAP') AS gift_wrap_tax,
               -sum(v) FILTER (WHERE kind = 'TAX/DISCOUNT') AS discount_tax,
               -sum(v) FILTER (WHERE kind = 'DISCOUNT/ITEM') AS promotion_discount,
               -sum(v) FILTER (WHERE kind = 'DISCOUNT/SHIPPING') AS shipping_discount,
               -sum(v) FILTER (WHERE kind = 'DISCOUNT/COD_FEE') AS cod_fee_discount
        FROM (
            SELECT b ->> 'type' AS kind, amazon.m016_amount(b -> 'subtotal' -> 'amount') AS v
            FROM jsonb_array_elements(CASE WHEN jsonb_typeof(x.payload -> 'proceeds' -> 'breakdowns') = 'array'
                                           THEN x.payload -> 'proceeds' -> 'breakdowns' ELSE '[]' END) b
            WHERE b ->> 'type' IN ('SHIPPING', 'GIFT_WRAP', 'COD_FEE')
            UNION ALL
            SELECT (b ->> 'type') || '/' || coalesce(d ->> 'subtype', 'ITEM'), amazon.m016_amount(d -> 'value' -> 'amount')
            FROM jsonb_array_elements(CASE WHEN jsonb_typeof(x.payload -> 'proceeds' -> 'breakdowns') = 'array'
                                           THEN x.payload -> 'proceeds' -> 'breakdowns' ELSE '[]' END) b,
                 jsonb_array_elements(CASE WHEN jsonb_typeof(b -> 'detailedBreakdowns') = 'array'
                                           THEN b -> 'detailedBreakdowns' ELSE '[]' END) d
            WHERE b ->> 'type' IN ('TAX', 'DISCOUNT')
        ) kinds
    ) parts
) b
WHERE b.amazon_order_id = i.amazon_order_id AND b.order_item_id = i.order_item_id;

UPDATE amazon."order" o
SET payment_methods = CASE WHEN o.api_version = 'v0' THEN
        ARRAY(SELECT DISTINCT CASE m WHEN 'COD' THEN 'CashOnDelivery' WHEN 'CVS' THEN 'ConvenienceStore'
                                     WHEN 'GC' THEN 'GiftCard' ELSE m END  -- sp_api/model/payment_methods.py
              FROM (SELECT jsonb_array_elements_text(o.payload -> 'PaymentMethodDetails')
                    WHERE jsonb_typeof(o.payload -> 'PaymentMethodDetails') = 'array'
                    UNION ALL
                    SELECT amazon.m016_text(o.payload -> 'PaymentMethod')
                    WHERE jsonb_typeof(o.payload -> 'PaymentMethodDetails') IS DISTINCT FROM 'array') v (m)
              WHERE m <> '' ORDER BY 1)
    ELSE ARRAY(SELECT DISTINCT e ->> 'paymentMethod'
               FROM jsonb_array_elements(CASE WHEN jsonb_typeof(o.payload -> 'payment' -> 'paymentExecutions') = 'array'
                                              THEN o.payload -> 'payment' -> 'paymentExecutions' ELSE '[]' END) e
               WHERE coalesce(e ->> 'paymentMethod', '') <> '' ORDER BY 1) END;

DROP FUNCTION amazon.m016_part(jsonb, text[]);
DROP FUNCTION amazon.m016_text(jsonb);
DROP FUNCTION amazon.m016_amount(jsonb);

-- The store settings of the complete order (rules.STORE_DEFAULTS): prices_include_tax is filled by
-- whoever writes the store, from the marketplace when not given (sp_api/model/marketplaces.py);
-- existing stores get it here the same way (prices exclude tax in the US, Canada and Mexico).
ALTER TABLE amazon.store
    ADD COLUMN prices_include_tax          boolean,
    ADD COLUMN marketplace_facilitator_tax text NOT NULL DEFAULT 'record'
        CHECK (marketplace_facilitator_tax IN ('record', 'leave_off')),
    ADD COLUMN payment_method              text NOT NULL DEFAULT 'amazon',
    ADD COLUMN invoice_creation            text NOT NULL DEFAULT 'at_import'
        CHECK (invoice_creation IN ('at_import', 'never')),
    ADD COLUMN shipping_methods            jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(shipping_methods) = 'object'),
    ADD COLUMN customer_group_id           integer NOT NULL DEFAULT 1;
UPDATE amazon.store
SET prices_include_tax = marketplace_id NOT IN ('ATVPDKIKX0DER', 'A2EUQ1WTGCTBG2', 'A1AM78C64UM0Y8');
ALTER TABLE amazon.store ALTER COLUMN prices_include_tax SET NOT NULL;

-- The blocker of an order in a currency the store's base currency has no rate to.
ALTER TABLE amazon.validation_failure DROP CONSTRAINT validation_failure_reason_check,
    ADD CONSTRAINT validation_failure_reason_check CHECK (reason IN (
        'NOT_IN_CATALOG', 'PRODUCT_DISABLED', 'OUT_OF_STOCK', 'INVALID_ORDER_DATA', 'MISSING_CURRENCY_RATE'));
ALTER TABLE amazon.blocker DROP CONSTRAINT blocker_reason_check,
    ADD CONSTRAINT blocker_reason_check CHECK (reason IN (
        'NOT_IN_CATALOG', 'PRODUCT_DISABLED', 'OUT_OF_STOCK', 'INVALID_ORDER_DATA', 'MISSING_CURRENCY_RATE'));

-- Currency: each Commerce store's base currency, and rates from it (1 base unit = rate x the other).
ALTER TABLE commerce.store ADD COLUMN base_currency_code text NOT NULL DEFAULT 'USD'
    CHECK (base_currency_code ~ '^[A-Z]{3}$');
CREATE TABLE commerce.directory_currency_rate (
    currency_from text NOT NULL CHECK (currency_from ~ '^[A-Z]{3}$'),
    currency_to   text NOT NULL CHECK (currency_to ~ '^[A-Z]{3}$'),
    rate          numeric(24, 12) NOT NULL CHECK (rate > 0),
    PRIMARY KEY (currency_from, currency_to)
);

-- Customer groups as Commerce ships them; 0 is every guest's.
CREATE TABLE commerce.customer_group (
    customer_group_id   integer PRIMARY KEY,
    customer_group_code text NOT NULL UNIQUE
);
INSERT INTO commerce.customer_group VALUES (0, 'NOT LOGGED IN'), (1, 'General'), (2, 'Wholesale'), (3, 'Retailer');
ALTER TABLE amazon.store ADD CONSTRAINT store_customer_group_id_fkey
    FOREIGN KEY (customer_group_id) REFERENCES commerce.customer_group;
ALTER TABLE commerce.customer_entity ADD COLUMN group_id integer NOT NULL DEFAULT 1 REFERENCES commerce.customer_group;

-- The order's money, deadlines and flags. Orders created before this migration keep their two
-- amounts: their new amounts are zero and their base amounts are the order's at rate 1.
ALTER TABLE commerce.sales_order
    ADD COLUMN customer_group_id             integer NOT NULL DEFAULT 0,  -- no key, as in Commerce
    ADD COLUMN base_currency_code            text,
    ADD COLUMN base_to_order_rate            numeric(24, 12) NOT NULL DEFAULT 1,
    ADD COLUMN subtotal_incl_tax             numeric(20, 4) NOT NULL DEFAULT 0,
    ADD COLUMN shipping_amount               numeric(20, 4) NOT NULL DEFAULT 0,
    ADD COLUMN shipping_tax_amount           numeric(20, 4) NOT NULL DEFAULT 0,
    ADD COLUMN shipping_incl_tax             numeric(20, 4) NOT NULL DEFAULT 0,
    ADD COLUMN shipping_discount_amount      numeric(20, 4) NOT NULL DEFAULT 0,
    ADD COLUMN tax_amount                    numeric(20, 4) NOT NULL DEFAULT 0,
    ADD COLUMN discount_amount               numeric(20, 4) NOT NULL DEFAULT 0 CHECK (discount_amount <= 0),
    ADD COLUMN discount_description          text,
    ADD COLUMN gw_items_price                numeric(20, 4) NOT NULL DEFAULT 0,
    ADD COLUMN gw_items_tax_amount           numeric(20, 4) NOT NULL DEFAULT 0,
    ADD COLUMN cod_fee                       numeric(20, 4) NOT NULL DEFAULT 0,
    ADD COLUMN base_subtotal                 numeric(20, 4),
    ADD COLUMN base_subtotal_incl_tax        numeric(20, 4) NOT NULL DEFAULT 0,
    ADD COLUMN base_shipping_amount          numeric(20, 4) NOT NULL DEFAULT 0,
    ADD COLUMN base_shipping_tax_amount      numeric(20, 4) NOT NULL DEFAULT 0,
    ADD COLUMN base_shipping_incl_tax        numeric(20, 4) NOT NULL DEFAULT 0,
    ADD COLUMN base_shipping_discount_amount numeric(20, 4) NOT NULL DEFAULT 0,
    ADD COLUMN base_tax_amount               numeric(20, 4) NOT NULL DEFAULT 0,
    ADD COLUMN base_discount_amount          numeric(20, 4) NOT NULL DEFAULT 0,
    ADD COLUMN base_gw_items_price           numeric(20, 4) NOT NULL DEFAULT 0,
    ADD COLUMN base_gw_items_tax_amount      numeric(20, 4) NOT NULL DEFAULT 0,
    ADD COLUMN base_cod_fee                  numeric(20, 4) NOT NULL DEFAULT 0,
    ADD COLUMN base_grand_total              numeric(20, 4),
    ADD COLUMN total_invoiced                numeric(20, 4) NOT NULL DEFAULT 0,
    ADD COLUMN base_total_invoiced           numeric(20, 4) NOT NULL DEFAULT 0,
    ADD COLUMN total_paid                    numeric(20, 4) NOT NULL DEFAULT 0,
    ADD COLUMN base_total_paid               numeric(20, 4) NOT NULL DEFAULT 0,
    ADD COLUMN total_canceled                numeric(20, 4) NOT NULL DEFAULT 0,
    ADD COLUMN base_total_canceled           numeric(20, 4) NOT NULL DEFAULT 0,
    ADD COLUMN shipping_method               text,
    ADD COLUMN shipping_description          text,
    ADD COLUMN relation_parent_id            integer,  -- the replaced order's entity_id (no key, as in Commerce)
    ADD COLUMN relation_parent_real_id       text,
    ADD COLUMN amazon_ship_by_date           timestamptz,
    ADD COLUMN amazon_deliver_by_date        timestamptz,
    ADD COLUMN amazon_is_prime               boolean NOT NULL DEFAULT false,
    ADD COLUMN amazon_is_business            boolean NOT NULL DEFAULT false,
    ADD COLUMN amazon_is_replacement         boolean NOT NULL DEFAULT false,
    ADD COLUMN amazon_replaced_order_id      text;
CREATE INDEX sales_order_replacements ON commerce.sales_order (amazon_replaced_order_id)
    WHERE amazon_replaced_order_id IS NOT NULL;
UPDATE commerce.sales_order
SET base_currency_code = order_currency_code, base_subtotal = subtotal, base_grand_total = grand_total,
    subtotal_incl_tax = subtotal, base_subtotal_incl_tax = subtotal;
ALTER TABLE commerce.sales_order ALTER COLUMN base_currency_code SET NOT NULL,
    ALTER COLUMN base_subtotal SET NOT NULL, ALTER COLUMN base_grand_total SET NOT NULL;

ALTER TABLE commerce.sales_order_item
    ADD COLUMN base_price              numeric(20, 4),
    ADD COLUMN price_incl_tax          numeric(20, 4),
    ADD COLUMN base_price_incl_tax     numeric(20, 4),
    ADD COLUMN tax_amount              numeric(20, 4) NOT NULL DEFAULT 0,
    ADD COLUMN base_tax_amount         numeric(20, 4) NOT NULL DEFAULT 0,
    ADD COLUMN tax_percent             numeric(12, 4) NOT NULL DEFAULT 0,
    ADD COLUMN discount_amount         numeric(20, 4) NOT NULL DEFAULT 0 CHECK (discount_amount >= 0),
    ADD COLUMN base_discount_amount    numeric(20, 4) NOT NULL DEFAULT 0,
    ADD COLUMN base_row_total          numeric(20, 4),
    ADD COLUMN row_total_incl_tax      numeric(20, 4),
    ADD COLUMN base_row_total_incl_tax numeric(20, 4),
    ADD COLUMN gw_price                numeric(20, 4) NOT NULL DEFAULT 0,
    ADD COLUMN gw_base_price           numeric(20, 4) NOT NULL DEFAULT 0,
    ADD COLUMN gw_tax_amount           numeric(20, 4) NOT NULL DEFAULT 0,
    ADD COLUMN gw_base_tax_amount      numeric(20, 4) NOT NULL DEFAULT 0,
    ADD COLUMN qty_invoiced            numeric(20, 4) NOT NULL DEFAULT 0 CHECK (qty_invoiced >= 0),
    ADD COLUMN row_invoiced            numeric(20, 4) NOT NULL DEFAULT 0,
    ADD COLUMN base_row_invoiced       numeric(20, 4) NOT NULL DEFAULT 0;
UPDATE commerce.sales_order_item
SET base_price = price, price_incl_tax = price, base_price_incl_tax = price, base_row_total = row_total,
    row_total_incl_tax = row_total, base_row_total_incl_tax = row_total;
ALTER TABLE commerce.sales_order_item ALTER COLUMN base_price SET NOT NULL, ALTER COLUMN price_incl_tax SET NOT NULL,
    ALTER COLUMN base_price_incl_tax SET NOT NULL, ALTER COLUMN base_row_total SET NOT NULL,
    ALTER COLUMN row_total_incl_tax SET NOT NULL, ALTER COLUMN base_row_total_incl_tax SET NOT NULL;

-- The documents below (taxes, payment, invoice, grid) are written only by the load, in the
-- statement that creates their order and items, from the rows it has just created: no key is
-- checked for them (a check per row written was a fifth of the load's time; at 100k lines that
-- cost the throughput its margin). tests/reliability/test_invariants.py finds any row whose
-- order, item, invoice or tax is missing.
-- Each tax of an order, by who collects it: code amazon_marketplace_facilitator (Amazon collects
-- and remits it) or seller (the seller owes it); per item and kind in sales_order_tax_item.
CREATE TABLE commerce.sales_order_tax (
    tax_id            serial PRIMARY KEY,
    order_id          integer NOT NULL,
    code              text NOT NULL,
    title             text NOT NULL,
    percent           numeric(12, 4) NOT NULL DEFAULT 0,
    amount            numeric(20, 4) NOT NULL,
    base_amount       numeric(20, 4) NOT NULL,
    base_real_amount  numeric(20, 4) NOT NULL,
    priority          integer NOT NULL DEFAULT 0,
    position          integer NOT NULL DEFAULT 0,
    process           smallint NOT NULL DEFAULT 0,
    responsible_party text,
    UNIQUE (order_id, code)
);
CREATE TABLE commerce.sales_order_tax_item (
    tax_item_id         serial PRIMARY KEY,
    tax_id              integer NOT NULL,
    item_id             integer,
    taxable_item_type   text NOT NULL CHECK (taxable_item_type IN ('product', 'shipping', 'item_gw')),
    associated_item_id  integer,  -- the item a shipping or gift wrap tax goes with
    tax_percent         numeric(12, 4) NOT NULL DEFAULT 0,
    amount              numeric(20, 4) NOT NULL,
    base_amount         numeric(20, 4) NOT NULL,
    real_amount         numeric(20, 4) NOT NULL,
    real_base_amount    numeric(20, 4) NOT NULL
);
CREATE INDEX ON commerce.sales_order_tax_item (tax_id);

-- One payment per order; additional_information holds the Amazon order id and Amazon's method.
CREATE TABLE commerce.sales_order_payment (
    entity_id              serial PRIMARY KEY,
    parent_id              integer NOT NULL UNIQUE,  -- the order
    method                 text NOT NULL,
    amount_ordered         numeric(20, 4) NOT NULL,
    base_amount_ordered    numeric(20, 4) NOT NULL,
    amount_paid            numeric(20, 4) NOT NULL DEFAULT 0,
    base_amount_paid       numeric(20, 4) NOT NULL DEFAULT 0,
    shipping_amount        numeric(20, 4) NOT NULL DEFAULT 0,
    base_shipping_amount   numeric(20, 4) NOT NULL DEFAULT 0,
    additional_information jsonb NOT NULL DEFAULT '{}'
);

CREATE SEQUENCE commerce.sequence_invoice;
CREATE TABLE commerce.sales_invoice (
    entity_id            serial PRIMARY KEY,
    order_id             integer NOT NULL,
    increment_id         text NOT NULL UNIQUE,
    store_id             smallint NOT NULL,
    state                smallint NOT NULL DEFAULT 2,  -- 1 open, 2 paid, 3 canceled
    order_currency_code  text NOT NULL,
    base_currency_code   text NOT NULL,
    base_to_order_rate   numeric(24, 12) NOT NULL,
    subtotal             numeric(20, 4) NOT NULL,
    base_subtotal        numeric(20, 4) NOT NULL,
    subtotal_incl_tax    numeric(20, 4) NOT NULL,
    shipping_amount      numeric(20, 4) NOT NULL,
    base_shipping_amount numeric(20, 4) NOT NULL,
    shipping_tax_amount  numeric(20, 4) NOT NULL,
    shipping_incl_tax    numeric(20, 4) NOT NULL,
    tax_amount           numeric(20, 4) NOT NULL,
    base_tax_amount      numeric(20, 4) NOT NULL,
    discount_amount      numeric(20, 4) NOT NULL,
    base_discount_amount numeric(20, 4) NOT NULL,
    gw_items_price       numeric(20, 4) NOT NULL DEFAULT 0,
    cod_fee              numeric(20, 4) NOT NULL DEFAULT 0,
    grand_total          numeric(20, 4) NOT NULL,
    base_grand_total     numeric(20, 4) NOT NULL,
    total_qty            numeric(20, 4) NOT NULL,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON commerce.sales_invoice (order_id);
CREATE TABLE commerce.sales_invoice_item (
    entity_id            serial PRIMARY KEY,
    parent_id            integer NOT NULL,  -- the invoice
    order_item_id        integer NOT NULL,  -- the sales_order_item (no key, as in Commerce)
    sku                  text NOT NULL,
    name                 text NOT NULL,
    qty                  numeric(20, 4) NOT NULL CHECK (qty > 0),
    price                numeric(20, 4) NOT NULL,
    base_price           numeric(20, 4) NOT NULL,
    price_incl_tax       numeric(20, 4) NOT NULL,
    row_total            numeric(20, 4) NOT NULL,
    base_row_total       numeric(20, 4) NOT NULL,
    row_total_incl_tax   numeric(20, 4) NOT NULL,
    tax_amount           numeric(20, 4) NOT NULL,
    base_tax_amount      numeric(20, 4) NOT NULL,
    discount_amount      numeric(20, 4) NOT NULL,
    base_discount_amount numeric(20, 4) NOT NULL,
    UNIQUE (parent_id, order_item_id)
);

-- Commerce's admin order grid: one row per order, kept in step with the order by the trigger
-- below (the load writes the row; every later change of the order is copied). Keys are only where
-- Commerce has them: each checked key costs every row written a lookup.
CREATE TABLE commerce.sales_order_grid (
    entity_id             integer PRIMARY KEY,  -- the order's; an index of it, no key (as in Commerce)
    status                text NOT NULL,
    store_id              smallint NOT NULL,
    store_name            text,
    customer_id           integer,
    base_grand_total      numeric(20, 4),
    base_total_paid       numeric(20, 4),
    grand_total           numeric(20, 4),
    total_paid            numeric(20, 4),
    increment_id          text NOT NULL UNIQUE,
    base_currency_code    text,
    order_currency_code   text,
    shipping_name         text,
    billing_name          text,
    created_at            timestamptz,
    updated_at            timestamptz,
    billing_address       text,
    shipping_address      text,
    shipping_information  text,
    customer_email        text,
    customer_group        text,
    subtotal              numeric(20, 4),
    shipping_and_handling numeric(20, 4),
    customer_name         text,
    payment_method        text,
    total_refunded        numeric(20, 4)
);
CREATE INDEX ON commerce.sales_order_grid (status);
CREATE INDEX ON commerce.sales_order_grid (created_at);

CREATE FUNCTION commerce.refresh_sales_order_grid() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE commerce.sales_order_grid g
    SET status = NEW.status, grand_total = NEW.grand_total, base_grand_total = NEW.base_grand_total,
        total_paid = NEW.total_paid, base_total_paid = NEW.base_total_paid,
        shipping_information = NEW.shipping_description, updated_at = NEW.updated_at
    WHERE g.entity_id = NEW.entity_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER sales_order_grid_refresh AFTER UPDATE ON commerce.sales_order
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.total_paid IS DISTINCT FROM NEW.total_paid
                       OR OLD.updated_at IS DISTINCT FROM NEW.updated_at)
    EXECUTE FUNCTION commerce.refresh_sales_order_grid();
-- A status change always moves updated_at, so the grid's follows (as Commerce's does).
CREATE FUNCTION commerce.touch_sales_order() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER sales_order_touch BEFORE UPDATE OF status, state ON commerce.sales_order
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.state IS DISTINCT FROM NEW.state)
    EXECUTE FUNCTION commerce.touch_sales_order();

-- Orders created before this migration get their grid rows too.
INSERT INTO commerce.sales_order_grid (entity_id, status, store_id, store_name, customer_id, base_grand_total,
                                       base_total_paid, grand_total, total_paid, increment_id, base_currency_code,
                                       order_currency_code, shipping_name, billing_name, created_at, updated_at,
                                       customer_email, customer_group, subtotal, shipping_and_handling,
                                       customer_name)
SELECT so.entity_id, so.status, so.store_id, st.name, so.customer_id, so.base_grand_total, so.base_total_paid,
       so.grand_total, so.total_paid, so.increment_id, so.base_currency_code, so.order_currency_code,
       nullif(concat_ws(' ', sa.firstname, sa.lastname), ''), nullif(concat_ws(' ', ba.firstname, ba.lastname), ''),
       so.created_at, so.updated_at, so.customer_email, so.customer_group_id::text, so.subtotal,
       so.shipping_amount, nullif(concat_ws(' ', so.customer_firstname, so.customer_lastname), '')
FROM commerce.sales_order so
JOIN commerce.store st ON st.store_id = so.store_id
LEFT JOIN commerce.sales_order_address sa ON sa.parent_id = so.entity_id AND sa.address_type = 'shipping'
LEFT JOIN commerce.sales_order_address ba ON ba.parent_id = so.entity_id AND ba.address_type = 'billing';

-- What each Amazon line comes to in Commerce's terms (amazon.line_money, shown per line by the
-- view amazon.order_item_money): the one definition the checks (does it
-- add up to Amazon's order total?) and the load (the Commerce order's amounts) both read.
-- Where the store's prices include tax, Amazon's price, shipping, gift wrap and discounts
-- include theirs, and Commerce's row_total, shipping_amount... are those less their tax. Tax
-- Amazon collects as marketplace facilitator is left off the order where the store says so.
-- Missing amounts are zero here; what that leaves unexplained shows in order_money's totals.
CREATE FUNCTION amazon.line_money(i amazon.order_item, prices_include_tax boolean,
                                  marketplace_facilitator_tax text)
RETURNS TABLE (tax_code text, tax_recorded boolean, row_total numeric, row_total_incl_tax numeric,
               tax_amount numeric, tax_percent numeric, discount_amount numeric, shipping_amount numeric,
               shipping_tax_amount numeric, shipping_discount_amount numeric, gw_price numeric,
               gw_tax_amount numeric, cod_fee numeric, cod_fee_discount numeric, line_tax numeric)
LANGUAGE sql IMMUTABLE AS $$  -- a single SELECT: Postgres inlines it into the query that calls it
    SELECT CASE WHEN i.tax_collection_model = 'MARKETPLACE_FACILITATOR' THEN 'amazon_marketplace_facilitator'
                ELSE 'seller' END,
           a.recorded,
           a.p - a.inc * a.it,
           a.p - a.inc * a.it + a.k * (a.it - a.pdt),
           a.k * (a.it - a.pdt),
           CASE WHEN a.p - a.inc * a.it > 0 THEN round(a.it / (a.p - a.inc * a.it) * 100, 4) ELSE 0 END,
           a.d - a.inc * a.pdt,
           a.s - a.inc * a.st,
           a.k * (a.st - a.sdt),
           a.sd - a.inc * a.sdt,
           a.g - a.inc * a.gt,
           a.k * a.gt,
           a.c,
           a.cd,
           a.it - a.pdt + a.st - a.sdt + a.gt  -- the line's tax, recorded on the order or not
    FROM (
        SELECT coalesce(i.item_price, 0) AS p, coalesce(i.item_tax, 0) AS it,
               coalesce(i.shipping_price, 0) AS s, coalesce(i.shipping_tax, 0) AS st,
               coalesce(i.promotion_discount, 0) AS d, coalesce(i.promotion_discount_tax, 0) AS pdt,
               coalesce(i.shipping_discount, 0) AS sd, coalesce(i.shipping_discount_tax, 0) AS sdt,
               coalesce(i.gift_wrap_price, 0) AS g, coalesce(i.gift_wrap_tax, 0) AS gt,
               coalesce(i.cod_fee, 0) AS c, coalesce(i.cod_fee_discount, 0) AS cd,
               CASE WHEN prices_include_tax THEN 1 ELSE 0 END AS inc,
               r.recorded, CASE WHEN r.recorded THEN 1 ELSE 0 END AS k
        FROM (SELECT marketplace_facilitator_tax = 'record'
                     OR i.tax_collection_model IS DISTINCT FROM 'MARKETPLACE_FACILITATOR' AS recorded) r
    ) a
$$;

CREATE VIEW amazon.order_item_money AS
SELECT i.amazon_order_id, i.order_item_id, i.quantity_ordered, m.tax_code, i.tax_responsible_party,
       m.tax_recorded, m.row_total, m.row_total_incl_tax, m.tax_amount, m.tax_percent, m.discount_amount,
       m.shipping_amount, m.shipping_tax_amount, m.shipping_discount_amount, m.gw_price, m.gw_tax_amount,
       m.cod_fee, m.cod_fee_discount, m.line_tax, o.store_id, i.seller_sku
FROM amazon.order_item i
JOIN amazon."order" o ON o.amazon_order_id = i.amazon_order_id
JOIN amazon.store s ON s.store_id = o.store_id
CROSS JOIN LATERAL amazon.line_money(i, s.prices_include_tax, s.marketplace_facilitator_tax) m;

-- Per Amazon order: Commerce's order amounts (the sums of its lines'), the base currency and
-- the rate to the order's (NULL: no rate, the order is blocked), what Amazon says the order
-- comes to (its order total less tax left off the order) and the tax by who collects it.
CREATE VIEW amazon.order_money AS
SELECT o.amazon_order_id, o.currency AS order_currency_code, cs.base_currency_code,
       CASE WHEN o.currency = cs.base_currency_code THEN 1 ELSE r.rate END AS base_to_order_rate,
       m.subtotal, m.subtotal_incl_tax, m.shipping_amount, m.shipping_tax_amount,
       m.shipping_amount + m.shipping_tax_amount AS shipping_incl_tax, m.shipping_discount_amount,
       m.tax_amount, m.discount_amount, m.gw_items_price, m.gw_items_tax_amount, m.cod_fee,
       m.subtotal + m.shipping_amount + m.tax_amount + m.discount_amount + m.gw_items_price + m.cod_fee
           AS lines_total,
       o.order_total - m.tax_left_off AS amazon_total,
       m.marketplace_facilitator_tax, m.seller_tax, m.discount_description
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
           (SELECT string_agg(DISTINCT p, ', ' ORDER BY p) FROM amazon.order_item i, unnest(i.promotion_ids) p
            WHERE i.amazon_order_id = o.amazon_order_id) AS discount_description
    FROM amazon.order_item i
    CROSS JOIN LATERAL amazon.line_money(i, s.prices_include_tax, s.marketplace_facilitator_tax) l
    WHERE i.amazon_order_id = o.amazon_order_id
) m;
