-- Salable stock without summing the reservation ledger each time. The ledger only grows (3
-- rows an order), and every stock check summed all of a SKU's rows: at a million order lines
-- that sum was a third of the load. `inventory_reservation_total` holds each SKU's sum,
-- kept by the ledger's own statements (a trigger per statement, over the rows it wrote), and
-- `salable_stock` is the one definition of what a SKU can still sell.

-- The allocation lock: one holder at a time changes salable stock, across runs and stores
-- (loading batches take it first; any other reservation write takes it with its totals).
CREATE FUNCTION commerce.lock_allocation() RETURNS void
LANGUAGE sql AS $$ SELECT pg_advisory_xact_lock(7204312) $$;

CREATE TABLE commerce.inventory_reservation_total (
    sku      text PRIMARY KEY,
    quantity numeric(20, 4) NOT NULL
);
INSERT INTO commerce.inventory_reservation_total (sku, quantity)
SELECT sku, sum(quantity) FROM commerce.inventory_reservation GROUP BY sku;

-- Adds the statement's rows to the totals, in SKU order, under the allocation lock: totals
-- rows are locked by one transaction at a time, so two writers never deadlock on them.
CREATE FUNCTION commerce.add_reservation_totals() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM commerce.lock_allocation();
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM commerce.inventory_reservation_total;
        RETURN NULL;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO commerce.inventory_reservation_total AS t (sku, quantity)
        SELECT sku, sum(quantity) FROM written GROUP BY sku ORDER BY sku
        ON CONFLICT (sku) DO UPDATE SET quantity = t.quantity + excluded.quantity;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        INSERT INTO commerce.inventory_reservation_total AS t (sku, quantity)
        SELECT sku, -sum(quantity) FROM removed GROUP BY sku ORDER BY sku
        ON CONFLICT (sku) DO UPDATE SET quantity = t.quantity + excluded.quantity;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER reservation_totals_insert AFTER INSERT ON commerce.inventory_reservation
    REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION commerce.add_reservation_totals();
CREATE TRIGGER reservation_totals_update AFTER UPDATE ON commerce.inventory_reservation
    REFERENCING OLD TABLE AS removed NEW TABLE AS written
    FOR EACH STATEMENT EXECUTE FUNCTION commerce.add_reservation_totals();
CREATE TRIGGER reservation_totals_delete AFTER DELETE ON commerce.inventory_reservation
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION commerce.add_reservation_totals();
CREATE TRIGGER reservation_totals_truncate AFTER TRUNCATE ON commerce.inventory_reservation
    FOR EACH STATEMENT EXECUTE FUNCTION commerce.add_reservation_totals();

-- What a SKU can still sell: its stock in enabled sources, less what reservations hold.
CREATE VIEW commerce.salable_stock AS
SELECT p.sku, coalesce(src.quantity, 0) + coalesce(t.quantity, 0) AS quantity
FROM commerce.catalog_product_entity p
LEFT JOIN (SELECT si.sku, sum(si.quantity) AS quantity
           FROM commerce.inventory_source_item si
           JOIN commerce.inventory_source s USING (source_code)
           WHERE s.enabled AND si.status = 1
           GROUP BY si.sku) src USING (sku)
LEFT JOIN commerce.inventory_reservation_total t USING (sku);
