INSERT INTO commerce.sales_order_item (order_id, ext_order_item_id, product_id, sku, name, qty_ordered, price,
                                       base_price, price_incl_tax, base_price_incl_tax, row_total, base_row_total,
                                       row_total_incl_tax, base_row_total_incl_tax)
VALUES (%(order_id)s, %(order_item_id)s, %(product_id)s, %(sku)s, %(name)s, %(qty)s, %(price)s, %(price)s,
        %(price)s, %(price)s, %(price)s, %(price)s, %(price)s, %(price)s)
