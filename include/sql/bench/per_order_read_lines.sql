SELECT i.order_item_id, i.seller_sku, i.quantity_ordered, i.item_price, i.currency, o.currency AS order_currency,
       o.fulfillment_channel, o.store_id
FROM amazon.order_item i JOIN amazon."order" o USING (amazon_order_id)
WHERE i.amazon_order_id = %(amazon_order_id)s
