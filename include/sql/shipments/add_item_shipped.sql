UPDATE commerce.sales_order_item SET qty_shipped = qty_shipped + %(qty)s WHERE item_id = %(item_id)s
