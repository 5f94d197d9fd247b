-- One order as the grid shows it, with its store's import setting.
SELECT g.*, s.import_enabled, s.integrated_at
FROM amazon.orders_grid g
JOIN amazon.store s ON s.store_id = g.store_id
WHERE g.amazon_order_id = %(amazon_order_id)s
