-- A replacement order points to the Commerce order of the order it replaces (Commerce's
-- relation_parent_*), once both exist: the batch's replacements, and the replacements of the
-- batch's orders that were imported before them.
UPDATE commerce.sales_order r
SET relation_parent_id = p.entity_id, relation_parent_real_id = p.increment_id
FROM commerce.sales_order p
WHERE p.ext_order_id = r.amazon_replaced_order_id
  AND r.relation_parent_id IS NULL
  AND (r.ext_order_id = ANY (%(order_ids)s) OR r.amazon_replaced_order_id = ANY (%(order_ids)s))
