-- The Commerce store view a store's orders go to, added when the world names a new one, with the
-- world's base currency (commerce.base_currency; every store view the world writes gets it) and
-- the website of the stock its stores sell from.
INSERT INTO commerce.store (code, name, base_currency_code, website_id)
SELECT %(store_view)s, %(store_view)s, %(base_currency)s, w.website_id
FROM commerce.store_website w WHERE w.code = %(website)s
ON CONFLICT (code) DO UPDATE SET base_currency_code = EXCLUDED.base_currency_code, website_id = EXCLUDED.website_id
