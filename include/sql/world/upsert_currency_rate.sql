-- A rate from the base currency: 1 unit of currency_from = rate x currency_to.
INSERT INTO commerce.directory_currency_rate (currency_from, currency_to, rate)
VALUES (%(currency_from)s, %(currency_to)s, %(rate)s)
ON CONFLICT (currency_from, currency_to) DO UPDATE SET rate = EXCLUDED.rate
