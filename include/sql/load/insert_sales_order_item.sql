INSERT INTO commerce.sales_order_item (order_id, ext_order_item_id, product_id, sku, name, qty_ordered,
                                       qty_shipped, price, row_total)
VALUES (%(order_id)s, %(ext_order_item_id)s, %(product_id)s, %(sku)s, %(name)s, %(qty_ordered)s,
        %(qty_shipped)s, %(price)s, %(row_total)s)
