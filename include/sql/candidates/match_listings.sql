-- The store's automatic matching: every Seller SKU without a product that its orders it may
-- still import carry, matched to the catalog product whose SKU is the Seller SKU (`sku`) or
-- whose `asin` attribute is the item's ASIN (`asin`), when exactly one product is. A listing
-- matched or unmatched by hand is left alone; returns the listings it matched.
WITH wanted AS (
    SELECT DISTINCT i.seller_sku, i.asin
    FROM amazon."order" o
    JOIN amazon.store s ON s.store_id = o.store_id
    JOIN amazon.order_item i ON i.amazon_order_id = o.amazon_order_id
    LEFT JOIN amazon.listing l ON l.store_id = o.store_id AND l.seller_sku = i.seller_sku
    WHERE o.store_id = %(store_id)s AND o.commerce_order_id IS NULL AND i.seller_sku IS NOT NULL
      AND o.order_status IS DISTINCT FROM %(amazon_canceled)s
      AND (o.purchase_date IS NULL OR o.purchase_date >= s.integrated_at)
      AND (l.seller_sku IS NULL OR (l.product_id IS NULL AND l.matched_by <> 'manual'))
), matches AS (  -- each attribute its own equality join: hashed, not a loop over the catalog
    SELECT w.seller_sku, w.asin, p.entity_id
    FROM wanted w JOIN commerce.catalog_product_entity p ON p.sku = w.seller_sku
    WHERE %(listing_match)s = 'sku'
    UNION ALL
    SELECT w.seller_sku, w.asin, a.entity_id
    FROM wanted w JOIN commerce.catalog_product_entity_varchar a ON a.attribute_code = 'asin' AND a.value = w.asin
    WHERE %(listing_match)s = 'asin'
), found AS (
    SELECT seller_sku, min(asin) AS asin, min(entity_id) AS product_id
    FROM matches
    GROUP BY seller_sku
    HAVING count(DISTINCT entity_id) = 1
)
INSERT INTO amazon.listing AS l (store_id, seller_sku, asin, product_id, matched_by)
SELECT %(store_id)s, seller_sku, asin, product_id, %(listing_match)s FROM found
ON CONFLICT (store_id, seller_sku) DO UPDATE
SET product_id = EXCLUDED.product_id, matched_by = EXCLUDED.matched_by,
    asin = coalesce(l.asin, EXCLUDED.asin), updated_at = now()
WHERE l.product_id IS NULL AND l.matched_by <> 'manual'
RETURNING seller_sku
