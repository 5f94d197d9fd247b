UPDATE amazon."order" o SET commerce_order_id = so.entity_id
FROM commerce.sales_order so
WHERE so.ext_order_id = o.amazon_order_id AND o.amazon_order_id = ANY (%(order_ids)s)
  AND o.commerce_order_id IS NULL
