UPDATE amazon.order_item i SET payload = v.payload::jsonb
FROM (VALUES %s) AS v (amazon_order_id, order_item_id, payload)
WHERE i.amazon_order_id = v.amazon_order_id AND i.order_item_id = v.order_item_id
