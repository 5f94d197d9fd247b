-- An older answer (an overlapping run) never overwrites a newer one.
INSERT INTO amazon."order" AS o (amazon_order_id, store_id, purchase_date, last_update_date, order_status,
                                 fulfillment_channel, marketplace_id, order_total, currency, buyer_name,
                                 buyer_email, payload, buyer_data)
VALUES (%(amazon_order_id)s, %(store_id)s, %(purchase_date)s, %(last_update_date)s, %(order_status)s,
        %(fulfillment_channel)s, %(marketplace_id)s, %(order_total)s, %(currency)s, %(buyer_name)s,
        %(buyer_email)s, %(payload)s, %(buyer_data)s)
ON CONFLICT (amazon_order_id) DO UPDATE
SET purchase_date = EXCLUDED.purchase_date,
    last_update_date = EXCLUDED.last_update_date,
    order_status = EXCLUDED.order_status,
    fulfillment_channel = EXCLUDED.fulfillment_channel,
    marketplace_id = EXCLUDED.marketplace_id,
    order_total = EXCLUDED.order_total,
    currency = EXCLUDED.currency,
    buyer_name = EXCLUDED.buyer_name,
    buyer_email = EXCLUDED.buyer_email,
    payload = EXCLUDED.payload,
    buyer_data = EXCLUDED.buyer_data,
    fetched_at = now()
WHERE o.store_id = EXCLUDED.store_id
  AND (o.last_update_date IS NULL OR EXCLUDED.last_update_date >= o.last_update_date)
