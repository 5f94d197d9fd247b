-- Merchant-fulfilled Pending orders hold their stock, in the stock of their store, when the
-- store reserves for pending orders (a product that does not manage stock holds none).
INSERT INTO commerce.inventory_reservation (stock_id, sku, quantity, object_type, object_id, event)
SELECT sst.stock_id, p.sku, -sum(i.quantity_ordered), 'amazon_pending', o.amazon_order_id, 'pending_reserved'
FROM amazon."order" o
JOIN amazon.order_item i USING (amazon_order_id)
JOIN amazon.store s ON s.store_id = o.store_id
JOIN commerce.store_stock sst ON sst.store_id = s.commerce_store_id
JOIN amazon.listing l ON l.store_id = o.store_id AND l.seller_sku = i.seller_sku
JOIN commerce.catalog_product_entity p ON p.entity_id = l.product_id
LEFT JOIN commerce.cataloginventory_stock_item si ON si.product_id = p.entity_id
WHERE o.amazon_order_id = ANY (%(order_ids)s) AND si.manage_stock IS DISTINCT FROM false
GROUP BY sst.stock_id, p.sku, o.amazon_order_id
ON CONFLICT (object_type, object_id, sku, event) DO NOTHING
RETURNING stock_id, sku
