SELECT amazon_order_id, order_item_id, payload FROM amazon.order_item WHERE amazon_order_id = ANY(%(order_ids)s)
