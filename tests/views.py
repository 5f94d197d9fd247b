"""Reading what the pipeline left behind, the way an analyst would: through the views."""

from __future__ import annotations

from amazon_orders import db


def query(conn: db.Connection, sql: str, params: tuple = ()) -> list[dict]:
    with db.transaction(conn) as cur:
        cur.execute(sql, params)
        return list(cur.fetchall())


def grid(conn: db.Connection) -> dict[str, dict]:
    return {row["amazon_order_id"]: row for row in query(conn, "SELECT * FROM amazon.orders_grid")}


def blockers(conn: db.Connection) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for row in query(conn, "SELECT amazon_order_id, reason FROM amazon.open_blockers"):
        found.setdefault(row["amazon_order_id"], set()).add(row["reason"])
    return found


def salable(conn: db.Connection, sku: str, stock_id: int = 1) -> float:
    """What `sku` can still sell in stock `stock_id` (default: the default stock): the quantity in
    the stock's enabled sources plus the ledger's entries of that stock, summed from the ledger
    itself. The running total the pipeline reads (commerce.inventory_reservation_total) must agree
    with that sum, and the stock must show none of stock_breaks for the SKU (no shelf below zero,
    every stock's reservations those of its orders' open quantities)."""
    row = query(
        conn,
        """
        SELECT coalesce((SELECT sum(si.quantity) FROM commerce.inventory_source_item si
                         JOIN commerce.inventory_source s USING (source_code)
                         JOIN commerce.inventory_source_stock_link l USING (source_code)
                         WHERE si.sku = %(sku)s AND l.stock_id = %(stock_id)s AND s.enabled
                           AND si.status = 1), 0) AS stock,
               coalesce((SELECT sum(quantity) FROM commerce.inventory_reservation
                          WHERE sku = %(sku)s AND stock_id = %(stock_id)s), 0) AS ledger,
               coalesce((SELECT quantity FROM commerce.inventory_reservation_total
                          WHERE sku = %(sku)s AND stock_id = %(stock_id)s), 0) AS total
        """,
        {"sku": sku, "stock_id": stock_id},
    )[0]
    assert row["total"] == row["ledger"], (
        f"reservation total of {sku} in stock {stock_id} is {row['total']}, the ledger sums {row['ledger']}"
    )
    breaks = [b for b in stock_breaks(conn) if b["sku"] == sku]
    assert breaks == [], breaks
    return float(row["stock"] + row["ledger"])


# The stock's invariants (issue 20): no shelf below zero; each (stock, SKU)'s running total is its
# ledger's sum; each ledger entry is in the stock of the store its order (or pending Amazon order,
# or shipment's order) belongs to; and each stock's ledger holds, per SKU, exactly the open
# quantities of the merchant-fulfilled Commerce orders of that stock's stores (products that
# manage stock) and the pending reservations not yet released.
STOCK_BREAKS = """
WITH ledger AS (
    SELECT stock_id, sku, sum(quantity) AS quantity FROM commerce.inventory_reservation GROUP BY 1, 2
), entry_store AS (
    SELECT r.stock_id, r.sku, r.object_type, r.object_id,
           coalesce(so.store_id, shipped.store_id, pending.commerce_store_id) AS store_id
    FROM commerce.inventory_reservation r
    LEFT JOIN commerce.sales_order so ON r.object_type = 'order' AND so.increment_id = r.object_id
    LEFT JOIN (SELECT sh.increment_id, o.store_id FROM commerce.sales_shipment sh
               JOIN commerce.sales_order o ON o.entity_id = sh.order_id) shipped
        ON r.object_type = 'shipment' AND shipped.increment_id = r.object_id
    LEFT JOIN (SELECT a.amazon_order_id, s.commerce_store_id FROM amazon."order" a
               JOIN amazon.store s USING (store_id)) pending
        ON r.object_type = 'amazon_pending' AND pending.amazon_order_id = r.object_id
), expected AS (
    SELECT sst.stock_id, i.sku, -sum(i.qty_ordered - i.qty_shipped - i.qty_canceled) AS quantity
    FROM commerce.sales_order_item i
    JOIN commerce.sales_order so ON so.entity_id = i.order_id
    JOIN amazon."order" o ON o.commerce_order_id = so.entity_id AND o.fulfillment_channel = 'MFN'
    LEFT JOIN commerce.store_stock sst ON sst.store_id = so.store_id
    LEFT JOIN commerce.cataloginventory_stock_item ci ON ci.product_id = i.product_id
    WHERE ci.manage_stock IS DISTINCT FROM false
    GROUP BY 1, 2
    UNION ALL
    SELECT stock_id, sku, sum(quantity) FROM commerce.inventory_reservation
    WHERE object_type = 'amazon_pending' GROUP BY 1, 2
), expected_sum AS (
    SELECT stock_id, sku, sum(quantity) AS quantity FROM expected GROUP BY 1, 2
)
SELECT NULL::integer AS stock_id, sku, 'source ' || source_code || ' holds ' || quantity AS problem
FROM commerce.inventory_source_item WHERE quantity < 0
UNION ALL
SELECT coalesce(l.stock_id, t.stock_id), coalesce(l.sku, t.sku),
       'running total ' || coalesce(t.quantity, 0) || ', the ledger sums ' || coalesce(l.quantity, 0)
FROM ledger l FULL JOIN commerce.inventory_reservation_total t USING (stock_id, sku)
WHERE coalesce(l.quantity, 0) <> coalesce(t.quantity, 0)
UNION ALL
SELECT e.stock_id, e.sku, e.object_type || ' ' || e.object_id || ' reserved in stock ' || e.stock_id
       || ', its store sells from stock ' || coalesce(sst.stock_id::text, 'none')
FROM entry_store e LEFT JOIN commerce.store_stock sst USING (store_id)
WHERE sst.stock_id IS DISTINCT FROM e.stock_id
UNION ALL
SELECT coalesce(l.stock_id, x.stock_id), coalesce(l.sku, x.sku),
       'the ledger holds ' || coalesce(l.quantity, 0) || ', the orders'' open quantities and pending '
       || 'reservations ' || coalesce(x.quantity, 0)
FROM ledger l FULL JOIN expected_sum x USING (stock_id, sku)
WHERE coalesce(l.quantity, 0) <> coalesce(x.quantity, 0)
"""


def stock_breaks(conn: db.Connection) -> list[dict]:
    """(stock_id, sku, problem) for every break of the stock's invariants (STOCK_BREAKS)."""
    return query(conn, STOCK_BREAKS)


def counts(conn: db.Connection) -> dict[str, int]:
    """Row counts of the tables a duplicate would show up in."""
    tables = [
        "commerce.sales_order",
        "commerce.sales_order_item",
        "commerce.sales_order_address",
        "commerce.inventory_reservation",
        "commerce.customer_entity",
        "commerce.sales_shipment",
        "amazon.blocker",
        'amazon."order"',
        "amazon.order_item",
        "amazon.shipment_confirmation",
    ]
    return {t: query(conn, f"SELECT count(*) AS n FROM {t}")[0]["n"] for t in tables}


def execute(conn: db.Connection, sql: str, params: tuple = ()) -> None:
    with db.transaction(conn) as cur:
        cur.execute(sql, params)


# Commerce's identity of an order's money (issue 19, item 2): its amounts add up to its grand
# total to the cent, and that is Amazon's order total less any tax the store leaves off.
MONEY_IDENTITY_BREAKS = """
SELECT so.ext_order_id, so.grand_total, so.subtotal, so.shipping_amount, so.tax_amount, so.discount_amount,
       so.gw_items_price, so.cod_fee, om.amazon_total
FROM commerce.sales_order so
JOIN amazon.order_money om ON om.amazon_order_id = so.ext_order_id
WHERE abs(so.grand_total - (so.subtotal + so.shipping_amount + so.tax_amount + so.discount_amount
                            + so.gw_items_price + so.cod_fee)) > 0.01
   OR (so.total_canceled = 0 AND so.grand_total IS DISTINCT FROM om.amazon_total)
   OR so.total_canceled > so.grand_total OR so.base_total_canceled > so.base_grand_total
   OR so.subtotal <> (SELECT sum(i.row_total) FROM commerce.sales_order_item i
                      WHERE i.order_id = so.entity_id)
   OR (SELECT count(*) FROM commerce.sales_order_item i WHERE i.order_id = so.entity_id)
      <> (SELECT count(*) FROM amazon.order_item a  -- a line Amazon canceled before import is left off
          WHERE a.amazon_order_id = so.ext_order_id AND a.quantity_ordered > 0)
"""


def money_identity_breaks(conn: db.Connection) -> list[dict]:
    """Commerce orders whose money does not add up, or does not match Amazon's total, or lost a line.
    An order Amazon canceled in part keeps its placed amounts beside total_canceled, while Amazon's
    v0 total goes down: its Amazon total is not compared, its canceled amount is bounded."""
    return query(conn, MONEY_IDENTITY_BREAKS)


# Every Commerce order's documents (issue 19): one payment and one grid row; an invoice exactly
# when it is invoiced, for its whole amount, with every line; Amazon-fulfilled orders shipped in
# full; no document row without its order, item, invoice or tax (the load writes them unkeyed);
# a merchant-fulfilled shipment took off the shelves what it shipped of products that manage
# stock, from sources of its store's stock, and an Amazon-fulfilled one nothing (issue 20).
ORDER_DOCUMENT_BREAKS = """
SELECT so.ext_order_id, 'payment' AS what FROM commerce.sales_order so
WHERE (SELECT count(*) FROM commerce.sales_order_payment p WHERE p.parent_id = so.entity_id) <> 1
UNION ALL
SELECT so.ext_order_id, 'grid row' FROM commerce.sales_order so
LEFT JOIN commerce.sales_order_grid g ON g.entity_id = so.entity_id
WHERE g.entity_id IS NULL OR g.status <> so.status OR g.grand_total <> so.grand_total
UNION ALL
SELECT so.ext_order_id, 'invoice' FROM commerce.sales_order so
WHERE (SELECT coalesce(sum(v.grand_total), 0) FROM commerce.sales_invoice v WHERE v.order_id = so.entity_id)
      <> so.total_invoiced
   OR (so.total_invoiced > 0 AND so.total_paid <> so.total_invoiced)
   OR EXISTS (SELECT 1 FROM commerce.sales_invoice v WHERE v.order_id = so.entity_id
              AND (SELECT count(*) FROM commerce.sales_invoice_item vi WHERE vi.parent_id = v.entity_id)
                  <> (SELECT count(*) FROM commerce.sales_order_item i WHERE i.order_id = so.entity_id))
UNION ALL
SELECT so.ext_order_id, 'complete but not invoiced or shipped' FROM commerce.sales_order so
JOIN amazon."order" o ON o.commerce_order_id = so.entity_id AND o.fulfillment_channel = 'AFN'
WHERE so.total_invoiced <> so.grand_total
   OR (SELECT coalesce(sum(si.qty), 0) FROM commerce.sales_shipment sh
       JOIN commerce.sales_shipment_item si ON si.parent_id = sh.entity_id WHERE sh.order_id = so.entity_id)
      <> (SELECT sum(a.quantity_ordered - a.quantity_canceled) FROM amazon.order_item a  -- all not canceled
          WHERE a.amazon_order_id = so.ext_order_id)
UNION ALL
SELECT 'tax ' || t.tax_id, 'tax of no order' FROM commerce.sales_order_tax t
WHERE NOT EXISTS (SELECT 1 FROM commerce.sales_order so WHERE so.entity_id = t.order_id)
UNION ALL
SELECT 'tax item ' || ti.tax_item_id, 'tax item of no tax or item' FROM commerce.sales_order_tax_item ti
WHERE NOT EXISTS (SELECT 1 FROM commerce.sales_order_tax t WHERE t.tax_id = ti.tax_id)
   OR NOT EXISTS (SELECT 1 FROM commerce.sales_order_item i
                  WHERE i.item_id = coalesce(ti.item_id, ti.associated_item_id))
UNION ALL
SELECT 'invoice item ' || vi.entity_id, 'invoice item of no invoice or item'
FROM commerce.sales_invoice_item vi
WHERE NOT EXISTS (SELECT 1 FROM commerce.sales_invoice v WHERE v.entity_id = vi.parent_id)
   OR NOT EXISTS (SELECT 1 FROM commerce.sales_order_item i WHERE i.item_id = vi.order_item_id)
UNION ALL
SELECT so.ext_order_id, 'taxes do not add up' FROM commerce.sales_order so
WHERE so.tax_amount <> (SELECT coalesce(sum(t.amount), 0) FROM commerce.sales_order_tax t
                        WHERE t.order_id = so.entity_id)
UNION ALL
SELECT so.ext_order_id, 'shipment ' || sh.increment_id || ' shipped ' || coalesce(shipped.qty, 0) || ' '
       || coalesce(shipped.sku, taken.sku) || ' and took ' || coalesce(taken.qty, 0) || ' off the shelves'
FROM (SELECT si.parent_id AS shipment_id, si.sku, sum(si.qty) AS qty
      FROM commerce.sales_shipment_item si
      JOIN commerce.sales_order_item oi ON oi.item_id = si.order_item_id
      LEFT JOIN commerce.cataloginventory_stock_item ci ON ci.product_id = oi.product_id
      WHERE ci.manage_stock IS DISTINCT FROM false
      GROUP BY 1, 2) shipped
FULL JOIN (SELECT shipment_id, sku, sum(qty) AS qty FROM commerce.inventory_shipment_source
           GROUP BY 1, 2) taken
    ON taken.shipment_id = shipped.shipment_id AND taken.sku = shipped.sku
JOIN commerce.sales_shipment sh ON sh.entity_id = coalesce(shipped.shipment_id, taken.shipment_id)
JOIN commerce.sales_order so ON so.entity_id = sh.order_id
JOIN amazon."order" o ON o.commerce_order_id = so.entity_id
WHERE coalesce(taken.qty, 0)
      <> CASE WHEN o.fulfillment_channel = 'MFN' THEN coalesce(shipped.qty, 0) ELSE 0 END
UNION ALL
SELECT so.ext_order_id, 'shipment ' || sh.increment_id || ' took ' || x.sku || ' from source '
       || x.source_code || ', not a source of the stock its store sells from'
FROM commerce.inventory_shipment_source x
JOIN commerce.sales_shipment sh ON sh.entity_id = x.shipment_id
JOIN commerce.sales_order so ON so.entity_id = sh.order_id
LEFT JOIN commerce.store_stock sst ON sst.store_id = so.store_id
LEFT JOIN commerce.inventory_source_stock_link l
    ON l.source_code = x.source_code AND l.stock_id = sst.stock_id
WHERE l.link_id IS NULL
"""


def order_document_breaks(conn: db.Connection) -> list[dict]:
    """Commerce orders whose payment, invoice, grid row, taxes or shipments are missing or wrong."""
    return query(conn, ORDER_DOCUMENT_BREAKS)


# Nothing shipped that was canceled (issue 20): no Commerce line ships and cancels together more
# than was ordered; its shipments' items add up to what it shipped; and what Commerce shipped of a
# line on Amazon's word (shipments with no track: shipped outside Commerce, or by Amazon) never goes
# beyond Amazon's quantity of the line, its canceled units left out.
CANCELED_SHIPPED = """
WITH shipped AS (
    SELECT si.order_item_id, sum(si.qty) AS qty,
           sum(si.qty) FILTER (WHERE NOT EXISTS (SELECT 1 FROM commerce.sales_shipment_track t
                                                 WHERE t.parent_id = si.parent_id)) AS untracked
    FROM commerce.sales_shipment_item si GROUP BY si.order_item_id
)
SELECT so.ext_order_id, i.ext_order_item_id,
       'shipped ' || i.qty_shipped || ' and canceled ' || i.qty_canceled || ' of ' || i.qty_ordered AS problem
FROM commerce.sales_order_item i JOIN commerce.sales_order so ON so.entity_id = i.order_id
WHERE i.qty_shipped + i.qty_canceled > i.qty_ordered
UNION ALL
SELECT so.ext_order_id, i.ext_order_item_id,
       'shipments hold ' || coalesce(s.qty, 0) || ', the line shipped ' || i.qty_shipped
FROM commerce.sales_order_item i JOIN commerce.sales_order so ON so.entity_id = i.order_id
LEFT JOIN shipped s ON s.order_item_id = i.item_id
WHERE coalesce(s.qty, 0) <> i.qty_shipped
UNION ALL
SELECT so.ext_order_id, i.ext_order_item_id,
       'shipped ' || s.qty || ' (' || s.untracked || ' outside Commerce), Amazon''s quantity is '
       || (a.quantity_ordered - a.quantity_canceled)
FROM commerce.sales_order_item i JOIN commerce.sales_order so ON so.entity_id = i.order_id
JOIN amazon."order" o ON o.commerce_order_id = so.entity_id
JOIN amazon.order_item a ON a.amazon_order_id = o.amazon_order_id AND a.order_item_id = i.ext_order_item_id
JOIN shipped s ON s.order_item_id = i.item_id
WHERE s.untracked > 0 AND s.qty > a.quantity_ordered - a.quantity_canceled
"""


def canceled_shipped(conn: db.Connection) -> list[dict]:
    """(ext_order_id, ext_order_item_id, problem) for every line that shipped what was canceled."""
    return query(conn, CANCELED_SHIPPED)
