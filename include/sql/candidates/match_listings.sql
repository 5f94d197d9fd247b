-- The store's automatic matching: every Seller SKU its orders not yet imported carry that has
-- no product, matched to the catalog product whose SKU is the Seller SKU (`sku`) or whose
-- `asin` attribute is the item's ASIN (`asin`), when exactly one product is. A listing matched
-- or unmatched by hand is left alone; returns the listings it matched.
WITH wanted AS (
    SELECT DISTINCT o.store_id, i.seller_sku, i.asin, s.listing_match
    FROM amazon."order" o
    JOIN amazon.store s ON s.store_id = o.store_id
    JOIN amazon.order_item i ON i.amazon_order_id = o.amazon_order_id
    WHERE o.store_id = %(store_id)s AND o.commerce_order_id IS NULL AND i.seller_sku IS NOT NULL
      AND s.listing_match <> 'manual'
), found AS (
    SELECT w.store_id, w.seller_sku, min(w.asin) AS asin, w.listing_match, min(p.entity_id) AS product_id
    FROM wanted w
    JOIN commerce.catalog_product_entity p
      ON (w.listing_match = 'sku' AND p.sku = w.seller_sku)
      OR (w.listing_match = 'asin' AND p.entity_id IN (SELECT a.entity_id FROM commerce.catalog_product_entity_varchar a
                                                       WHERE a.attribute_code = 'asin' AND a.value = w.asin))
    GROUP BY w.store_id, w.seller_sku, w.listing_match
    HAVING count(DISTINCT p.entity_id) = 1
)
INSERT INTO amazon.listing AS l (store_id, seller_sku, asin, product_id, matched_by)
SELECT store_id, seller_sku, asin, product_id, listing_match FROM found
ON CONFLICT (store_id, seller_sku) DO UPDATE
SET product_id = EXCLUDED.product_id, matched_by = EXCLUDED.matched_by,
    asin = coalesce(l.asin, EXCLUDED.asin), updated_at = now()
WHERE l.product_id IS NULL AND l.matched_by <> 'manual'
RETURNING seller_sku
