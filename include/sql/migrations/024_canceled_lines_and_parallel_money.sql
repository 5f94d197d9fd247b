-- Two plan fixes for the import's hot statements; no data changes.
-- 1. The lines Amazon canceled before import (v0: QuantityOrdered 0) get an index of their own:
--    the load's Order Notes for them looked through every item of every order, once a batch,
--    to find the few there are.
CREATE INDEX order_item_canceled_before_import ON amazon.order_item (amazon_order_id)
    WHERE quantity_ordered = 0;
-- 2. A line's money is a pure expression of its columns: PARALLEL SAFE lets Postgres run the
--    checks' query (which reads amazon.order_money) with parallel workers; unmarked, any query
--    that reads the money was kept to one process.
ALTER FUNCTION amazon.line_money(amazon.order_item, boolean, text) PARALLEL SAFE;
