SELECT item_id, ext_order_item_id, sku, qty_ordered - qty_shipped - qty_canceled AS qty_open
FROM commerce.sales_order_item
WHERE order_id = %(order_id)s
ORDER BY item_id
FOR UPDATE
