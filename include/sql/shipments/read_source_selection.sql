-- Where a shipment's products leave from: for each SKU of a product that manages stock, the
-- stock the order reserved it in (its order_placed entry; else the store's stock), and the
-- sources it may come from with what each holds and takes. The named source (%(source)s), or
-- the stock's enabled sources by link priority, the lower number first (Commerce's default
-- source selection): each takes what it holds until the SKU is covered. The shelves are
-- locked, in SKU and source order: two shipments of one SKU take from them one after the other.
-- A SKU whose candidate sources hold no row comes once, with no source.
WITH shipped AS (
    SELECT si.sku, sum(si.qty) AS qty, coalesce(placed.stock_id, sst.stock_id) AS stock_id
    FROM commerce.sales_shipment_item si
    JOIN commerce.sales_shipment sh ON sh.entity_id = si.parent_id
    JOIN commerce.sales_order so ON so.entity_id = sh.order_id
    JOIN commerce.sales_order_item oi ON oi.item_id = si.order_item_id
    LEFT JOIN commerce.store_stock sst ON sst.store_id = so.store_id
    LEFT JOIN commerce.inventory_reservation placed
        ON placed.object_type = 'order' AND placed.object_id = so.increment_id AND placed.sku = si.sku
       AND placed.event = 'order_placed'
    LEFT JOIN commerce.cataloginventory_stock_item item ON item.product_id = oi.product_id
    WHERE si.parent_id = %(shipment_id)s AND item.manage_stock IS DISTINCT FROM false
    GROUP BY si.sku, coalesce(placed.stock_id, sst.stock_id)
), candidates AS (
    SELECT sh.sku, src.source_code, src.enabled, l.priority, l.link_id IS NOT NULL AS in_stock
    FROM shipped sh
    JOIN commerce.inventory_source src ON src.source_code = coalesce(%(source)s, src.source_code)
    LEFT JOIN commerce.inventory_source_stock_link l
        ON l.source_code = src.source_code AND l.stock_id = sh.stock_id
    WHERE %(source)s IS NOT NULL OR (l.link_id IS NOT NULL AND src.enabled)
), shelf AS MATERIALIZED (
    SELECT si.source_code, si.sku, CASE WHEN si.status = 1 THEN si.quantity ELSE 0 END AS quantity
    FROM commerce.inventory_source_item si
    WHERE (si.source_code, si.sku) IN (SELECT source_code, sku FROM candidates)
    ORDER BY si.sku, si.source_code
    FOR UPDATE OF si
), holding AS (
    SELECT sh.sku, sh.qty, sh.stock_id, c.source_code, c.enabled, c.in_stock, c.priority,
           coalesce(shelf.quantity, 0) AS on_shelf
    FROM shipped sh
    LEFT JOIN candidates c USING (sku)
    LEFT JOIN shelf USING (source_code, sku)
)
SELECT h.sku, h.qty, h.stock_id, stock.name AS stock_name, h.source_code, h.enabled, h.in_stock, h.on_shelf,
       least(h.on_shelf, greatest(h.qty - coalesce(sum(h.on_shelf) OVER earlier, 0), 0)) AS take
FROM holding h
LEFT JOIN commerce.inventory_stock stock ON stock.stock_id = h.stock_id
WINDOW earlier AS (PARTITION BY h.sku ORDER BY h.priority, h.source_code
                  ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
ORDER BY h.sku, h.priority, h.source_code
