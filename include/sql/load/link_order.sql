UPDATE amazon."order" SET commerce_order_id = %(commerce_order_id)s
WHERE amazon_order_id = %(amazon_order_id)s AND commerce_order_id IS NULL
