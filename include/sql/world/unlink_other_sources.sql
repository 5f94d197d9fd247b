-- A stock keeps only the sources the scenario gives it (the default stock's `default` too).
DELETE FROM commerce.inventory_source_stock_link WHERE stock_id = %(stock_id)s AND NOT source_code = ANY (%(sources)s)
