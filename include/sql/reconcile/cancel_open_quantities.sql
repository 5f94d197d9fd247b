UPDATE commerce.sales_order_item SET qty_canceled = qty_ordered - qty_shipped WHERE order_id = %(order_id)s
