-- Orders API v2026-01-01 is read in one searchOrders walk per seller; now and then a walk
-- reaches further back than the overlap (settings.RESWEEPS). When each store last had each.
CREATE TABLE amazon.resweep (
    store_id integer NOT NULL REFERENCES amazon.store,
    resweep  text NOT NULL,
    done_at  timestamptz NOT NULL,
    PRIMARY KEY (store_id, resweep)
);
