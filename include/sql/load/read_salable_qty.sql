-- Salable quantity per SKU: the enabled sources' quantity plus the reservation ledger,
-- where this order's own pending reservation counts as its own.
SELECT p.sku,
       coalesce((SELECT sum(si.quantity) FROM commerce.inventory_source_item si
                 JOIN commerce.inventory_source s USING (source_code)
                 WHERE si.sku = p.sku AND s.enabled AND si.status = 1), 0)
     + coalesce((SELECT sum(r.quantity) FROM commerce.inventory_reservation r
                 WHERE r.sku = p.sku
                   AND NOT (r.object_type = 'amazon_pending' AND r.object_id = %(amazon_order_id)s)), 0)
       AS salable_qty
FROM commerce.catalog_product_entity p
WHERE p.sku = ANY (%(skus)s)
