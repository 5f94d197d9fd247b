-- Amazon refused to send the order again: it goes to the back of the queue.
UPDATE amazon."order" SET refetch_refused_at = now() WHERE amazon_order_id = %(amazon_order_id)s
