-- A rate from the base currency taken away (set_currency_rate with rate: null).
DELETE FROM commerce.directory_currency_rate WHERE currency_from = %(currency_from)s AND currency_to = %(currency_to)s
