-- The Amazon side: stores and their settings, listings matched to products, orders and
-- items exactly as Amazon sent them, raw answers, blockers, notes, watermarks.
CREATE SCHEMA IF NOT EXISTS amazon;

CREATE TABLE amazon.store (
    store_id            serial PRIMARY KEY,
    name                text NOT NULL UNIQUE,
    seller_id           text NOT NULL,
    marketplace_id      text NOT NULL,
    integrated_at       timestamptz NOT NULL,
    import_enabled      boolean NOT NULL DEFAULT true,
    commerce_store_id   smallint NOT NULL DEFAULT 1 REFERENCES commerce.store,
    order_number_source text NOT NULL DEFAULT 'commerce' CHECK (order_number_source IN ('commerce', 'amazon')),
    customer_creation   text NOT NULL DEFAULT 'guest' CHECK (customer_creation IN ('guest', 'create')),
    pending_orders      text NOT NULL DEFAULT 'do_not_reserve' CHECK (pending_orders IN ('do_not_reserve', 'reserve')),
    processing_status   text NOT NULL DEFAULT 'processing',
    updated_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (seller_id, marketplace_id)
);

-- An Amazon listing and the Commerce product it is matched to (NULL: unmatched).
CREATE TABLE amazon.listing (
    store_id   integer NOT NULL REFERENCES amazon.store,
    seller_sku text NOT NULL,
    asin       text,
    product_id integer REFERENCES commerce.catalog_product_entity ON DELETE SET NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (store_id, seller_sku)
);

-- Typed columns are read leniently from the payload (NULL when unreadable, which the
-- checks then report); the payload is the exact copy.
CREATE TABLE amazon."order" (
    amazon_order_id     text PRIMARY KEY,
    store_id            integer NOT NULL REFERENCES amazon.store,
    purchase_date       timestamptz,
    last_update_date    timestamptz,
    order_status        text,
    fulfillment_channel text,
    marketplace_id      text,
    order_total         numeric(20, 4),
    currency            text,
    buyer_name          text,
    buyer_email         text,
    payload             jsonb NOT NULL,
    first_seen_at       timestamptz NOT NULL DEFAULT now(),
    fetched_at          timestamptz NOT NULL DEFAULT now(),
    commerce_order_id   integer UNIQUE REFERENCES commerce.sales_order
);
CREATE INDEX ON amazon."order" (store_id, purchase_date);

CREATE TABLE amazon.order_item (
    amazon_order_id        text NOT NULL REFERENCES amazon."order" ON DELETE CASCADE,
    order_item_id          text NOT NULL,
    seller_sku             text,
    asin                   text,
    quantity_ordered       integer,
    quantity_shipped       integer,
    item_price             numeric(20, 4),
    currency               text,
    buyer_requested_cancel boolean NOT NULL DEFAULT false,
    payload                jsonb NOT NULL,
    PRIMARY KEY (amazon_order_id, order_item_id)
);

-- Every SP-API answer as received (the exact copy behind the order tables).
CREATE TABLE amazon.api_response (
    response_id bigserial PRIMARY KEY,
    store_id    integer NOT NULL REFERENCES amazon.store,
    run_key     text NOT NULL,
    operation   text NOT NULL,
    params      jsonb NOT NULL,
    status      integer NOT NULL,
    body        jsonb NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON amazon.api_response (run_key);

-- Failed SP-API calls (the mission's Communication Errors log); no personal data.
CREATE TABLE amazon.api_call_log (
    call_id    bigserial PRIMARY KEY,
    store_id   integer REFERENCES amazon.store,
    operation  text NOT NULL,
    status     integer,
    error_code text,
    message    text,
    logged_at  timestamptz NOT NULL DEFAULT now()
);

-- Where the next getOrders window starts; advanced in the transaction that stores the data.
CREATE TABLE amazon.watermark (
    store_id            integer PRIMARY KEY REFERENCES amazon.store,
    last_updated_before timestamptz NOT NULL,
    run_key             text NOT NULL,
    updated_at          timestamptz NOT NULL DEFAULT now()
);

-- One row per store per DAG run: what the run did, for logs and the summary.
CREATE TABLE amazon.import_run (
    run_key     text PRIMARY KEY,
    store_id    integer NOT NULL REFERENCES amazon.store,
    started_at  timestamptz NOT NULL DEFAULT now(),
    counts      jsonb NOT NULL DEFAULT '{}'
);

-- The orders a run considers: create a Commerce order, or hold a pending reservation.
CREATE TABLE amazon.import_candidate (
    run_key         text NOT NULL,
    amazon_order_id text NOT NULL REFERENCES amazon."order",
    action          text NOT NULL CHECK (action IN ('create', 'reserve')),
    PRIMARY KEY (run_key, amazon_order_id)
);

-- The expectation suite's failures of a run, mapped to order lines.
CREATE TABLE amazon.validation_failure (
    run_key         text NOT NULL,
    amazon_order_id text NOT NULL REFERENCES amazon."order",
    order_item_id   text NOT NULL,  -- '' for the order as a whole
    reason          text NOT NULL CHECK (reason IN ('NOT_IN_CATALOG', 'PRODUCT_DISABLED', 'OUT_OF_STOCK', 'INVALID_ORDER_DATA')),
    detail          text NOT NULL,
    PRIMARY KEY (run_key, amazon_order_id, order_item_id, reason, detail)
);

-- The suite's statistics per run (the data quality report).
CREATE TABLE amazon.validation_run (
    run_key     text PRIMARY KEY,
    suite       text NOT NULL,
    success     boolean NOT NULL,
    lines       integer NOT NULL,
    results     jsonb NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Why an order has no Commerce order; open until the order imports.
CREATE TABLE amazon.blocker (
    blocker_id      bigserial PRIMARY KEY,
    amazon_order_id text NOT NULL REFERENCES amazon."order",
    order_item_id   text NOT NULL,
    seller_sku      text,
    sku             text,
    reason          text NOT NULL CHECK (reason IN ('NOT_IN_CATALOG', 'PRODUCT_DISABLED', 'OUT_OF_STOCK', 'INVALID_ORDER_DATA')),
    detail          text NOT NULL,
    first_seen_at   timestamptz NOT NULL DEFAULT now(),
    last_checked_at timestamptz NOT NULL DEFAULT now(),
    attempts        integer NOT NULL DEFAULT 1 CHECK (attempts > 0),
    last_run_key    text NOT NULL,  -- a retried run counts one attempt, not two
    resolved_at     timestamptz
);
CREATE UNIQUE INDEX blocker_open_once ON amazon.blocker (amazon_order_id, order_item_id, reason)
    WHERE resolved_at IS NULL;

-- What happened to an order, newest last; the grid's Order Notes is the latest.
CREATE TABLE amazon.order_event (
    event_id        bigserial PRIMARY KEY,
    amazon_order_id text NOT NULL REFERENCES amazon."order",
    run_key         text,
    note            text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON amazon.order_event (amazon_order_id, event_id);

-- The outbox of shipment confirmations to Amazon: one row per Commerce shipment, written
-- in the shipment's own transaction, sent by reconciliation until Amazon has it.
CREATE TABLE amazon.shipment_confirmation (
    shipment_id     integer PRIMARY KEY REFERENCES commerce.sales_shipment,
    amazon_order_id text NOT NULL REFERENCES amazon."order",
    state           text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'confirmed', 'failed')),
    attempts        integer NOT NULL DEFAULT 0,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    confirmed_at    timestamptz
);
