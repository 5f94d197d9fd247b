SELECT DISTINCT status FROM amazon.orders_grid WHERE status IS NOT NULL ORDER BY status
