INSERT INTO commerce.sales_order_item (order_id, ext_order_item_id, product_id, sku, name, qty_ordered, price,
                                       row_total)
VALUES (%(order_id)s, %(order_item_id)s, %(product_id)s, %(sku)s, %(name)s, %(qty)s, %(price)s, %(price)s)
