-- The latency bench: which of these Amazon orders have a Commerce order by now.
SELECT amazon_order_id FROM amazon."order"
WHERE amazon_order_id = ANY (%(order_ids)s) AND commerce_order_id IS NOT NULL
