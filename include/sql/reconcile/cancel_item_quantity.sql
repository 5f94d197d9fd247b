-- A line's newly canceled quantity, on the line as read (a second run finds nothing to cancel).
UPDATE commerce.sales_order_item SET qty_canceled = qty_canceled + %(qty)s
WHERE item_id = %(item_id)s AND qty_canceled + %(qty)s = %(canceled_up_to)s
