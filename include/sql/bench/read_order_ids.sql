SELECT amazon_order_id FROM amazon."order" WHERE commerce_order_id IS NULL ORDER BY purchase_date
