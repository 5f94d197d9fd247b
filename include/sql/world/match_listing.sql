-- An Amazon listing and the product it is matched to by hand (NULL sku: unmatched), which
-- automatic matching then leaves alone.
INSERT INTO amazon.listing (store_id, seller_sku, asin, product_id)
SELECT s.store_id, %(seller_sku)s, %(asin)s, p.entity_id
FROM amazon.store s
LEFT JOIN commerce.catalog_product_entity p ON p.sku = %(sku)s
WHERE s.name = %(store)s
ON CONFLICT (store_id, seller_sku) DO UPDATE
SET asin = coalesce(EXCLUDED.asin, amazon.listing.asin), product_id = EXCLUDED.product_id, matched_by = 'manual', updated_at = now()
