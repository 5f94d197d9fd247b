-- The Commerce orders of the batch, numbered in purchase order; an Amazon order that has
-- one already is skipped by the unique ext_order_id.
INSERT INTO commerce.sales_order (increment_id, ext_order_id, store_id, state, status, customer_id,
                                  customer_is_guest, customer_email, customer_firstname, customer_lastname,
                                  order_currency_code, subtotal, grand_total, total_qty_ordered)
SELECT CASE WHEN s.order_number_source = 'amazon' THEN o.amazon_order_id
            ELSE lpad(nextval('commerce.sequence_order')::text, 9, '0') END,
       o.amazon_order_id,
       s.commerce_store_id,
       CASE WHEN o.fulfillment_channel = %(amazon_channel)s THEN %(complete)s ELSE %(processing)s END,
       CASE WHEN o.fulfillment_channel = %(amazon_channel)s THEN %(complete)s ELSE s.processing_status END,
       c.entity_id,
       c.entity_id IS NULL,
       o.buyer_email,
       split_part(o.buyer_name, ' ', 1),
       nullif(substr(o.buyer_name, length(split_part(o.buyer_name, ' ', 1)) + 2), ''),
       o.currency,
       lines.subtotal,
       coalesce(o.order_total, lines.subtotal),
       lines.qty
FROM amazon."order" o
JOIN amazon.store s ON s.store_id = o.store_id
JOIN LATERAL (SELECT sum(i.item_price) AS subtotal, sum(i.quantity_ordered) AS qty
              FROM amazon.order_item i WHERE i.amazon_order_id = o.amazon_order_id) lines ON true
LEFT JOIN commerce.customer_entity c ON s.customer_creation = 'create' AND c.email = o.buyer_email
WHERE o.amazon_order_id = ANY (%(order_ids)s) AND o.commerce_order_id IS NULL
ORDER BY o.purchase_date, o.amazon_order_id
ON CONFLICT (ext_order_id) DO NOTHING
