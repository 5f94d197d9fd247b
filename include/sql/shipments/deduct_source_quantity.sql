-- Shipping takes the goods off the shelves the selection chose, and records what left from
-- which source (the reservation is compensated beside it). A shelf never goes below zero:
-- its CHECK refuses the statement.
WITH taken AS (
    SELECT * FROM unnest(%(source_codes)s::text[], %(skus)s::text[], %(quantities)s::numeric[])
        AS t (source_code, sku, qty)
), recorded AS (
    INSERT INTO commerce.inventory_shipment_source (shipment_id, source_code, sku, qty)
    SELECT %(shipment_id)s, source_code, sku, qty FROM taken
)
UPDATE commerce.inventory_source_item si SET quantity = si.quantity - t.qty
FROM taken t
WHERE si.source_code = t.source_code AND si.sku = t.sku
