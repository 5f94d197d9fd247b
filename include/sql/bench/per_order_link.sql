UPDATE amazon."order" SET commerce_order_id = %(order_id)s WHERE amazon_order_id = %(amazon_order_id)s
