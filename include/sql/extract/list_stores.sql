SELECT store_id, name FROM amazon.store ORDER BY store_id
