-- Analysts: the read-only role `amazon_analyst` and the schema `analyst`, which holds the
-- analyst views with buyers' personal data masked. The role reads those views and nothing
-- else: no table of `amazon` or `commerce` (orders' payloads, buyer emails, addresses,
-- customers), no write anywhere. A person logs in with a role of their own that is a
-- member of it (README, "Operations"). Roles belong to the server, so the role is created
-- only when missing; the views are (re)created with the schema.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'amazon_analyst') THEN
        CREATE ROLE amazon_analyst NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
    END IF;
END
$$;

CREATE SCHEMA IF NOT EXISTS analyst;
REVOKE ALL ON SCHEMA analyst FROM PUBLIC;
REVOKE ALL ON SCHEMA amazon, commerce FROM amazon_analyst;
REVOKE ALL ON ALL TABLES IN SCHEMA amazon, commerce FROM amazon_analyst;

-- "Jane Q. Doe" -> "J*** Q*** D***": initials stay (enough to tell two orders apart on a
-- screen), the name does not.
CREATE OR REPLACE FUNCTION analyst.mask_name(name text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN name IS NULL OR btrim(name) = '' THEN NULL
                ELSE (SELECT string_agg(left(part, 1) || '***', ' ')
                      FROM regexp_split_to_table(btrim(name), '\s+') AS part) END
$$;

CREATE OR REPLACE VIEW analyst.orders_grid AS
SELECT store_name, amazon_order_id, purchase_date, last_update_date, amazon_status, status,
       fulfillment_channel, analyst.mask_name(buyer_name) AS buyer_name, grand_total, currency,
       order_notes, commerce_order_number, commerce_status, store_id, buyer_requested_cancel
FROM amazon.orders_grid;

CREATE OR REPLACE VIEW analyst.recent_orders AS
SELECT store_name, amazon_order_id, purchase_date, last_update_date, amazon_status, status,
       fulfillment_channel, analyst.mask_name(buyer_name) AS buyer_name, grand_total, currency,
       order_notes, commerce_order_number, commerce_status, store_id, buyer_requested_cancel, recent_rank
FROM amazon.recent_orders;

CREATE OR REPLACE VIEW analyst.open_blockers AS
SELECT store_name, amazon_order_id, order_item_id, seller_sku, sku, reason, detail,
       first_seen_at, last_checked_at, attempts, store_id
FROM amazon.open_blockers;

CREATE OR REPLACE VIEW analyst.system_messages AS
SELECT identity, severity, text, created_at FROM amazon.system_messages;

CREATE OR REPLACE VIEW analyst.status_drift AS
SELECT store_name, amazon_order_id, amazon_status, commerce_order_number, commerce_status,
       disagreement, drifting_for
FROM amazon.status_drift;

CREATE OR REPLACE VIEW analyst.order_status_change AS
SELECT change_id, amazon_order_id, from_status, to_status, last_update_date, run_key, recorded_at
FROM amazon.order_status_change;

-- Commerce orders without the customer's name and email.
CREATE OR REPLACE VIEW analyst.sales_order AS
SELECT entity_id, increment_id, ext_order_id, store_id, state, status, customer_is_guest,
       order_currency_code, subtotal, grand_total, total_qty_ordered, created_at, updated_at
FROM commerce.sales_order;

-- What each run did per store (counts only).
CREATE OR REPLACE VIEW analyst.import_run AS
SELECT r.run_key, s.name AS store_name, r.started_at, r.counts
FROM amazon.import_run r
JOIN amazon.store s USING (store_id);

GRANT USAGE ON SCHEMA analyst TO amazon_analyst;
GRANT SELECT ON ALL TABLES IN SCHEMA analyst TO amazon_analyst;
GRANT EXECUTE ON FUNCTION analyst.mask_name(text) TO amazon_analyst;
