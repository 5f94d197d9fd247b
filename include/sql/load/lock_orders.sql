-- The Amazon rows of the batch, locked: a concurrent run waits here, then finds them imported.
SELECT amazon_order_id FROM amazon."order"
WHERE amazon_order_id = ANY (%(order_ids)s) AND commerce_order_id IS NULL
ORDER BY amazon_order_id
FOR UPDATE
