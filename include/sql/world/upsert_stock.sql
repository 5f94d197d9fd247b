-- A scenario's stock (its name; Default Stock is stock 1), the website it sells to and that
-- website's sales channel (a website sells from one stock); returns the stock's id.
WITH stock AS (
    INSERT INTO commerce.inventory_stock (name) VALUES (%(name)s)
    ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name
    RETURNING stock_id
), website AS (
    INSERT INTO commerce.store_website (code, name) VALUES (%(website)s, %(website)s)
    ON CONFLICT (code) DO NOTHING
), channel AS (
    INSERT INTO commerce.inventory_stock_sales_channel (type, code, stock_id)
    SELECT 'website', %(website)s, stock_id FROM stock
    ON CONFLICT (type, code) DO UPDATE SET stock_id = EXCLUDED.stock_id
)
SELECT stock_id FROM stock
