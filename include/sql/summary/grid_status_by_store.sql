SELECT store_name, status, count(*) AS orders FROM amazon.orders_grid GROUP BY 1, 2 ORDER BY 1, 2
