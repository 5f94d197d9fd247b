-- Customers the batch created for buyers none of whose orders it imported after all (stock
-- taken since validation left them short): no account without an order. The sync that
-- imports the order later creates the account then.
DELETE FROM commerce.customer_entity c
WHERE c.entity_id = ANY (%(customer_ids)s)
  AND NOT EXISTS (SELECT FROM commerce.sales_order s  -- by the batch's ids: the unique index
                  WHERE s.ext_order_id = ANY (%(order_ids)s) AND s.customer_id = c.entity_id)
