-- Orders API v2026-01-01 (v0's reading operations go on 2027-03-27): orders come in either
-- version's shape, so what the pipeline reads of an order becomes typed columns, filled from
-- either version (pipeline/payload.py for v0, pipeline/payload_2026.py for v2026), and no
-- statement reads a version's JSON any more. Words are v2026's where the versions differ:
--   fulfillment_status  v2026's fulfillment.fulfillmentStatus; for v0 its OrderStatus in those
--                       words (InvoiceUnconfirmed has none: NULL); order_status keeps the grid's
--   ship_by_*, deliver_by_*  v0 Earliest/LatestShipDate, Earliest/LatestDeliveryDate; v2026
--                       fulfillment.shipByWindow, deliverByWindow
--   service_level       v2026 fulfillment.fulfillmentServiceLevel (STANDARD, NEXT_DAY, ...); v0
--                       ShipmentServiceLevelCategory in those words (NextDay -> NEXT_DAY)
--   programs            v2026 programs; v0's flags as those words (IsPrime -> PRIME, ...), sorted
--   replaced_order_id   v0 ReplacedOrderId; v2026 associatedOrders' REPLACEMENT_ORIGINAL_ID
--   ship_*              the shipping address: v0 ShippingAddress, v2026 recipient.deliveryAddress
--                       (an empty part is NULL)
--   buyer_cancel_reason v0 BuyerRequestedCancel.BuyerCancelReason; v2026
--                       cancellation.cancellationRequest.cancelReason
-- A value that cannot be read is NULL, as in the other typed columns. The ship_* columns are
-- the buyer's personal data, like buyer_name and buyer_email: the analyst role reads no table
-- of `amazon`, and no analyst view shows them.
ALTER TABLE amazon."order"
    ADD COLUMN api_version         text NOT NULL DEFAULT 'v0' CHECK (api_version IN ('v0', '2026-01-01')),
    ADD COLUMN fulfillment_status  text,
    ADD COLUMN ship_by_earliest    timestamptz,
    ADD COLUMN ship_by_latest      timestamptz,
    ADD COLUMN deliver_by_earliest timestamptz,
    ADD COLUMN deliver_by_latest   timestamptz,
    ADD COLUMN service_level       text,
    ADD COLUMN programs            text[],
    ADD COLUMN replaced_order_id   text,
    ADD COLUMN ship_name           text,
    ADD COLUMN ship_address_line1  text,
    ADD COLUMN ship_address_line2  text,
    ADD COLUMN ship_address_line3  text,
    ADD COLUMN ship_city           text,
    ADD COLUMN ship_district       text,
    ADD COLUMN ship_state          text,
    ADD COLUMN ship_postal_code    text,
    ADD COLUMN ship_country        text,
    ADD COLUMN ship_phone          text;

ALTER TABLE amazon.order_item ADD COLUMN buyer_cancel_reason text;

-- The stored v0 payloads read as payload.py reads them (helpers dropped again below).
CREATE FUNCTION amazon.m013_text(value jsonb) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN jsonb_typeof(value) = 'string' THEN value #>> '{}' END
$$;

CREATE FUNCTION amazon.m013_address_text(value jsonb) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN btrim(amazon.m013_text(value)) <> '' THEN amazon.m013_text(value) END
$$;

-- An ISO 8601 date-time with its offset, else NULL (payload.timestamp).
CREATE FUNCTION amazon.m013_time(value jsonb) RETURNS timestamptz
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF amazon.m013_text(value) IS NULL
       OR amazon.m013_text(value) !~ '^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d(:?\d\d)?)$' THEN
        RETURN NULL;
    END IF;
    RETURN amazon.m013_text(value)::timestamptz;
EXCEPTION WHEN OTHERS THEN
    RETURN NULL;
END
$$;

UPDATE amazon."order" o
SET fulfillment_status = CASE o.order_status
                             WHEN 'PendingAvailability' THEN 'PENDING_AVAILABILITY'
                             WHEN 'Pending' THEN 'PENDING'
                             WHEN 'Unshipped' THEN 'UNSHIPPED'
                             WHEN 'PartiallyShipped' THEN 'PARTIALLY_SHIPPED'
                             WHEN 'Shipped' THEN 'SHIPPED'
                             WHEN 'Canceled' THEN 'CANCELLED'
                             WHEN 'Unfulfillable' THEN 'UNFULFILLABLE'
                         END,
    ship_by_earliest = amazon.m013_time(o.payload -> 'EarliestShipDate'),
    ship_by_latest = amazon.m013_time(o.payload -> 'LatestShipDate'),
    deliver_by_earliest = amazon.m013_time(o.payload -> 'EarliestDeliveryDate'),
    deliver_by_latest = amazon.m013_time(o.payload -> 'LatestDeliveryDate'),
    service_level = upper(regexp_replace(amazon.m013_text(o.payload -> 'ShipmentServiceLevelCategory'),
                                         '([a-z0-9])([A-Z])', '\1_\2', 'g')),
    programs = ARRAY(
        SELECT p.word
        FROM (VALUES ('AMAZON_BUSINESS', o.payload -> 'IsBusinessOrder' IN ('true'::jsonb, '"true"'::jsonb)),
                     ('IN_STORE_PICK_UP', o.payload -> 'IsISPU' IN ('true'::jsonb, '"true"'::jsonb)),
                     ('PREMIUM', o.payload -> 'IsPremiumOrder' IN ('true'::jsonb, '"true"'::jsonb)),
                     ('PRIME', o.payload -> 'IsPrime' IN ('true'::jsonb, '"true"'::jsonb)),
                     ('PREORDER', amazon.m013_text(o.payload -> 'OrderType') = 'Preorder'),
                     ('AMAZON_EASY_SHIP', amazon.m013_text(o.payload -> 'EasyShipShipmentStatus') <> ''))
             AS p (word, applies)
        WHERE p.applies
        ORDER BY p.word COLLATE "C"),
    replaced_order_id = amazon.m013_text(o.payload -> 'ReplacedOrderId'),
    ship_name = amazon.m013_address_text(o.payload -> 'ShippingAddress' -> 'Name'),
    ship_address_line1 = amazon.m013_address_text(o.payload -> 'ShippingAddress' -> 'AddressLine1'),
    ship_address_line2 = amazon.m013_address_text(o.payload -> 'ShippingAddress' -> 'AddressLine2'),
    ship_address_line3 = amazon.m013_address_text(o.payload -> 'ShippingAddress' -> 'AddressLine3'),
    ship_city = amazon.m013_address_text(o.payload -> 'ShippingAddress' -> 'City'),
    ship_district = coalesce(amazon.m013_address_text(o.payload -> 'ShippingAddress' -> 'District'),
                             amazon.m013_address_text(o.payload -> 'ShippingAddress' -> 'County')),
    ship_state = amazon.m013_address_text(o.payload -> 'ShippingAddress' -> 'StateOrRegion'),
    ship_postal_code = amazon.m013_address_text(o.payload -> 'ShippingAddress' -> 'PostalCode'),
    ship_country = amazon.m013_address_text(o.payload -> 'ShippingAddress' -> 'CountryCode'),
    ship_phone = amazon.m013_address_text(o.payload -> 'ShippingAddress' -> 'Phone')
WHERE o.api_version = 'v0';

UPDATE amazon.order_item i
SET buyer_cancel_reason = amazon.m013_text(i.payload -> 'BuyerRequestedCancel' -> 'BuyerCancelReason')
WHERE jsonb_typeof(i.payload -> 'BuyerRequestedCancel') = 'object';

DROP FUNCTION amazon.m013_time(jsonb);
DROP FUNCTION amazon.m013_address_text(jsonb);
DROP FUNCTION amazon.m013_text(jsonb);
