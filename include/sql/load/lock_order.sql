-- The Amazon order row is the lock that keeps two runs from importing it at once.
SELECT o.amazon_order_id, o.store_id, o.order_status, o.fulfillment_channel, o.purchase_date,
       o.order_total, o.currency, o.buyer_name, o.buyer_email, o.payload -> 'ShippingAddress' AS shipping_address,
       o.commerce_order_id
FROM amazon."order" o
WHERE o.amazon_order_id = %(amazon_order_id)s
FOR UPDATE
