COPY amazon.order_item (amazon_order_id, order_item_id, seller_sku, asin, quantity_ordered, quantity_shipped,
                        item_price, currency, payload) FROM STDIN
