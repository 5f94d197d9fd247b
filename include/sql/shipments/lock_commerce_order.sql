SELECT so.entity_id, so.increment_id, so.status, o.fulfillment_channel
FROM amazon."order" o
JOIN commerce.sales_order so ON so.entity_id = o.commerce_order_id
WHERE o.amazon_order_id = %(amazon_order_id)s
FOR UPDATE OF so
