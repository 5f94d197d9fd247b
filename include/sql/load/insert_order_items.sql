INSERT INTO commerce.sales_order_item (order_id, ext_order_item_id, product_id, sku, name, qty_ordered,
                                       qty_shipped, price, row_total)
SELECT o.commerce_order_id, i.order_item_id, p.entity_id, p.sku, p.name, i.quantity_ordered,
       CASE WHEN o.fulfillment_channel = %(amazon_channel)s THEN i.quantity_ordered ELSE 0 END,
       i.item_price / i.quantity_ordered, i.item_price
FROM amazon.order_item i
JOIN amazon."order" o USING (amazon_order_id)
JOIN amazon.listing l ON l.store_id = o.store_id AND l.seller_sku = i.seller_sku
JOIN commerce.catalog_product_entity p ON p.entity_id = l.product_id
WHERE o.amazon_order_id = ANY (%(order_ids)s)
ON CONFLICT (order_id, ext_order_item_id) DO NOTHING
