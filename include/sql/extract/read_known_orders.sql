-- The orders of a page that are stored already, with their items: their LastUpdateDate and
-- whether the stored copy carries the buyer's data.
SELECT o.amazon_order_id, o.last_update_date, o.buyer_data
FROM amazon."order" o
WHERE o.amazon_order_id = ANY(%(order_ids)s)
  AND EXISTS (SELECT 1 FROM amazon.order_item i WHERE i.amazon_order_id = o.amazon_order_id)
