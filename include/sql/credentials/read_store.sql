SELECT store_id, name, seller_id FROM amazon.store WHERE store_id = %(store_id)s
