-- The run's failures of orders still without a Commerce order become open blockers; a
-- blocker seen again counts one more attempt (once per run, however often it is retried).
INSERT INTO amazon.blocker AS b (amazon_order_id, order_item_id, seller_sku, sku, reason, detail, last_run_key)
SELECT f.amazon_order_id, f.order_item_id, i.seller_sku, p.sku, f.reason,
       string_agg(f.detail, '; ' ORDER BY f.detail), f.run_key
FROM amazon.validation_failure f
JOIN amazon.import_candidate c USING (run_key, amazon_order_id)
JOIN amazon."order" o USING (amazon_order_id)
LEFT JOIN amazon.order_item i ON i.amazon_order_id = f.amazon_order_id AND i.order_item_id = f.order_item_id
LEFT JOIN amazon.listing l ON l.store_id = o.store_id AND l.seller_sku = i.seller_sku
LEFT JOIN commerce.catalog_product_entity p ON p.entity_id = l.product_id
WHERE f.run_key = %(run_key)s AND c.action = 'create' AND o.commerce_order_id IS NULL
GROUP BY f.amazon_order_id, f.order_item_id, i.seller_sku, p.sku, f.reason, f.run_key
ON CONFLICT (amazon_order_id, order_item_id, reason) WHERE resolved_at IS NULL DO UPDATE
SET detail = EXCLUDED.detail,
    seller_sku = EXCLUDED.seller_sku,
    sku = EXCLUDED.sku,
    last_checked_at = now(),
    attempts = b.attempts + CASE WHEN b.last_run_key = EXCLUDED.last_run_key THEN 0 ELSE 1 END,
    last_run_key = EXCLUDED.last_run_key
