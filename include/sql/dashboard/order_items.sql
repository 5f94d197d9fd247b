-- The order's lines as Amazon sent them, the product each is matched to, and what shipped.
SELECT i.order_item_id, i.seller_sku, i.asin, i.quantity_ordered, i.quantity_shipped, i.item_price,
       i.currency, i.buyer_requested_cancel, p.sku, p.name AS product_name,
       soi.qty_shipped AS commerce_qty_shipped, soi.qty_canceled AS commerce_qty_canceled
FROM amazon.order_item i
JOIN amazon."order" o USING (amazon_order_id)
LEFT JOIN amazon.listing l ON l.store_id = o.store_id AND l.seller_sku = i.seller_sku
LEFT JOIN commerce.catalog_product_entity p ON p.entity_id = l.product_id
LEFT JOIN commerce.sales_order_item soi ON soi.order_id = o.commerce_order_id
                                       AND soi.ext_order_item_id = i.order_item_id
WHERE i.amazon_order_id = %(amazon_order_id)s
ORDER BY i.order_item_id
