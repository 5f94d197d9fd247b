-- The store dashboard's Recent Orders, every store (the view keeps the ten newest of each).
SELECT * FROM amazon.recent_orders ORDER BY store_name, recent_rank
