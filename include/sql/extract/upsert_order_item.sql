INSERT INTO amazon.order_item AS i (amazon_order_id, order_item_id, seller_sku, asin, quantity_ordered,
                                    quantity_shipped, item_price, currency, buyer_requested_cancel,
                                    buyer_cancel_reason, payload)
VALUES (%(amazon_order_id)s, %(order_item_id)s, %(seller_sku)s, %(asin)s, %(quantity_ordered)s,
        %(quantity_shipped)s, %(item_price)s, %(currency)s, %(buyer_requested_cancel)s,
        %(buyer_cancel_reason)s, %(payload)s)
ON CONFLICT (amazon_order_id, order_item_id) DO UPDATE
SET seller_sku = EXCLUDED.seller_sku,
    asin = EXCLUDED.asin,
    quantity_ordered = EXCLUDED.quantity_ordered,
    quantity_shipped = EXCLUDED.quantity_shipped,
    item_price = EXCLUDED.item_price,
    currency = EXCLUDED.currency,
    buyer_requested_cancel = EXCLUDED.buyer_requested_cancel,
    buyer_cancel_reason = EXCLUDED.buyer_cancel_reason,
    payload = EXCLUDED.payload
