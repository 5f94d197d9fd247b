COPY amazon."order" (amazon_order_id, store_id, purchase_date, last_update_date, order_status, fulfillment_channel,
                     marketplace_id, order_total, currency, payment_methods, payload) FROM STDIN
