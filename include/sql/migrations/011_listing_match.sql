-- Listings matched automatically: each store says by which attribute (its `listing_match`),
-- `manual` (the default) matching only by hand. A listing remembers how it was matched, so
-- that a match or an unmatch made by hand is never overridden by the automatic one.
ALTER TABLE amazon.store
    ADD COLUMN listing_match text NOT NULL DEFAULT 'manual' CHECK (listing_match IN ('manual', 'sku', 'asin'));
ALTER TABLE amazon.listing
    ADD COLUMN matched_by text NOT NULL DEFAULT 'manual' CHECK (matched_by IN ('manual', 'sku', 'asin'));

-- Product attributes beyond the entity's own columns, as Commerce keeps them (a text value per
-- attribute code); `asin` is the one automatic matching reads.
CREATE TABLE commerce.catalog_product_entity_varchar (
    entity_id      integer NOT NULL REFERENCES commerce.catalog_product_entity ON DELETE CASCADE,
    attribute_code text NOT NULL,
    value          text NOT NULL,
    PRIMARY KEY (entity_id, attribute_code)
);
CREATE INDEX ON commerce.catalog_product_entity_varchar (attribute_code, value);
