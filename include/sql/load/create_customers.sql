-- Buyers of the batch get a customer account where the store says so (in the store's customer
-- group), found again by email; returns the accounts it created.
INSERT INTO commerce.customer_entity (email, firstname, lastname, group_id)
SELECT DISTINCT ON (o.buyer_email) o.buyer_email, split_part(o.buyer_name, ' ', 1),
       nullif(substr(o.buyer_name, length(split_part(o.buyer_name, ' ', 1)) + 2), ''), s.customer_group_id
FROM amazon."order" o
JOIN amazon.store s ON s.store_id = o.store_id
WHERE o.amazon_order_id = ANY (%(order_ids)s) AND s.customer_creation = 'create' AND o.buyer_email IS NOT NULL
ORDER BY o.buyer_email, o.purchase_date
ON CONFLICT (email) DO NOTHING
RETURNING entity_id
