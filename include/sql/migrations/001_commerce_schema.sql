-- The Commerce side, modelled on Commerce's own tables (catalog, MSI stock and
-- reservations, sales orders) so that a Commerce person recognises them.
CREATE SCHEMA IF NOT EXISTS commerce;

CREATE TABLE commerce.store (
    store_id   smallserial PRIMARY KEY,
    code       text NOT NULL UNIQUE,
    name       text NOT NULL
);
INSERT INTO commerce.store (code, name) VALUES ('default', 'Default Store View');

CREATE TABLE commerce.catalog_product_entity (
    entity_id  serial PRIMARY KEY,
    sku        text NOT NULL UNIQUE,
    type_id    text NOT NULL DEFAULT 'simple',
    name       text NOT NULL,
    price      numeric(20, 4) NOT NULL CHECK (price >= 0),
    status     smallint NOT NULL DEFAULT 1 CHECK (status IN (1, 2)),  -- 1 enabled, 2 disabled
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE commerce.inventory_source (
    source_code text PRIMARY KEY,
    name        text NOT NULL,
    enabled     boolean NOT NULL DEFAULT true
);
INSERT INTO commerce.inventory_source (source_code, name) VALUES ('default', 'Default Source');

-- Physical quantity per source; never negative, whatever a bug tries.
CREATE TABLE commerce.inventory_source_item (
    source_code text NOT NULL REFERENCES commerce.inventory_source,
    sku         text NOT NULL REFERENCES commerce.catalog_product_entity (sku) ON UPDATE CASCADE,
    quantity    numeric(20, 4) NOT NULL CHECK (quantity >= 0),
    status      smallint NOT NULL DEFAULT 1,
    PRIMARY KEY (source_code, sku)
);

-- Commerce's reservation ledger: salable = sum(source quantity) + sum(reservations).
-- An order appends -qty; shipping or cancelling appends the compensating +qty.
-- One row per (object, sku, event) makes every append idempotent.
CREATE TABLE commerce.inventory_reservation (
    reservation_id bigserial PRIMARY KEY,
    stock_id       integer NOT NULL DEFAULT 1,
    sku            text NOT NULL,
    quantity       numeric(20, 4) NOT NULL,
    object_type    text NOT NULL,  -- order | amazon_pending
    object_id      text NOT NULL,  -- increment_id or AmazonOrderId
    event          text NOT NULL,  -- order_placed | pending_reserved | pending_released | order_canceled | shipment_created
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (object_type, object_id, sku, event)
);
CREATE INDEX ON commerce.inventory_reservation (sku);

CREATE TABLE commerce.customer_entity (
    entity_id  serial PRIMARY KEY,
    email      text NOT NULL UNIQUE,
    firstname  text,
    lastname   text,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE SEQUENCE commerce.sequence_order;
CREATE SEQUENCE commerce.sequence_shipment;

CREATE TABLE commerce.sales_order (
    entity_id            serial PRIMARY KEY,
    increment_id         text NOT NULL UNIQUE,
    ext_order_id         text UNIQUE,  -- the AmazonOrderId: one Commerce order per Amazon order, ever
    store_id             smallint NOT NULL REFERENCES commerce.store,
    state                text NOT NULL,
    status               text NOT NULL,
    customer_id          integer REFERENCES commerce.customer_entity,
    customer_is_guest    boolean NOT NULL DEFAULT true,
    customer_email       text,
    customer_firstname   text,
    customer_lastname    text,
    order_currency_code  text NOT NULL,
    subtotal             numeric(20, 4) NOT NULL,
    grand_total          numeric(20, 4) NOT NULL,
    total_qty_ordered    numeric(20, 4) NOT NULL,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE commerce.sales_order_item (
    item_id           serial PRIMARY KEY,
    order_id          integer NOT NULL REFERENCES commerce.sales_order ON DELETE CASCADE,
    ext_order_item_id text NOT NULL,  -- Amazon's OrderItemId
    product_id        integer REFERENCES commerce.catalog_product_entity,
    sku               text NOT NULL,
    name              text NOT NULL,
    qty_ordered       numeric(20, 4) NOT NULL CHECK (qty_ordered > 0),
    qty_shipped       numeric(20, 4) NOT NULL DEFAULT 0 CHECK (qty_shipped >= 0),
    qty_canceled      numeric(20, 4) NOT NULL DEFAULT 0 CHECK (qty_canceled >= 0),
    price             numeric(20, 4) NOT NULL,
    row_total         numeric(20, 4) NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (order_id, ext_order_item_id)
);

CREATE TABLE commerce.sales_order_address (
    entity_id    serial PRIMARY KEY,
    parent_id    integer NOT NULL REFERENCES commerce.sales_order ON DELETE CASCADE,
    address_type text NOT NULL CHECK (address_type IN ('billing', 'shipping')),
    firstname    text,
    lastname     text,
    street       text,
    city         text,
    region       text,
    postcode     text,
    country_id   text,
    email        text,
    telephone    text,
    UNIQUE (parent_id, address_type)
);

CREATE TABLE commerce.sales_order_status_history (
    entity_id  serial PRIMARY KEY,
    parent_id  integer NOT NULL REFERENCES commerce.sales_order ON DELETE CASCADE,
    status     text NOT NULL,
    comment    text,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE commerce.sales_shipment (
    entity_id    serial PRIMARY KEY,
    order_id     integer NOT NULL REFERENCES commerce.sales_order,
    increment_id text NOT NULL UNIQUE,
    total_qty    numeric(20, 4) NOT NULL CHECK (total_qty > 0),
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE commerce.sales_shipment_item (
    entity_id     serial PRIMARY KEY,
    parent_id     integer NOT NULL REFERENCES commerce.sales_shipment ON DELETE CASCADE,
    order_item_id integer NOT NULL REFERENCES commerce.sales_order_item,
    sku           text NOT NULL,
    qty           numeric(20, 4) NOT NULL CHECK (qty > 0),
    UNIQUE (parent_id, order_item_id)
);

CREATE TABLE commerce.sales_shipment_track (
    entity_id    serial PRIMARY KEY,
    parent_id    integer NOT NULL REFERENCES commerce.sales_shipment ON DELETE CASCADE,
    order_id     integer NOT NULL REFERENCES commerce.sales_order,
    carrier_code text NOT NULL,
    title        text,
    track_number text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
