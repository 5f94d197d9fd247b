-- A source of a stock at its priority (its place in the scenario's list, the first is 1); the
-- source is added when new, and one linked to another stock moves (a source is in one stock).
WITH source AS (
    INSERT INTO commerce.inventory_source (source_code, name) VALUES (%(source)s, %(source)s)
    ON CONFLICT (source_code) DO NOTHING
)
INSERT INTO commerce.inventory_source_stock_link (stock_id, source_code, priority)
VALUES (%(stock_id)s, %(source)s, %(priority)s)
ON CONFLICT (source_code) DO UPDATE SET stock_id = EXCLUDED.stock_id, priority = EXCLUDED.priority
