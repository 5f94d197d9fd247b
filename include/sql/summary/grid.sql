SELECT store_name, amazon_order_id, amazon_status, status, fulfillment_channel, commerce_order_number,
       commerce_status, order_notes
FROM amazon.orders_grid ORDER BY store_name, purchase_date
