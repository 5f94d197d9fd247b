"""What the cancellation tests read back: Commerce lines, the ledger, the shelves."""

from __future__ import annotations

from amazon_orders import db
from tests.views import query

ITEMS = """SELECT i.sku, i.qty_ordered::int, i.qty_shipped::int, i.qty_canceled::int
           FROM commerce.sales_order_item i ORDER BY i.sku"""

# Each stock's ledger holds, per SKU, exactly the open quantities (ordered - shipped - canceled) of
# the Commerce lines that reserved in it (their order's order_placed entry of the SKU); pending
# Amazon orders' entries are left out on both sides.
OPEN_QUANTITY_BREAKS = """
WITH ledger AS (
    SELECT stock_id, sku, sum(quantity) AS quantity FROM commerce.inventory_reservation
    WHERE object_type <> 'amazon_pending' GROUP BY 1, 2
), open AS (
    SELECT placed.stock_id, i.sku, -sum(i.qty_ordered - i.qty_shipped - i.qty_canceled) AS quantity
    FROM commerce.sales_order_item i
    JOIN commerce.sales_order so ON so.entity_id = i.order_id
    JOIN commerce.inventory_reservation placed
        ON placed.object_type = 'order' AND placed.object_id = so.increment_id AND placed.sku = i.sku
       AND placed.event = 'order_placed'
    GROUP BY 1, 2
)
SELECT coalesce(l.stock_id, o.stock_id) AS stock_id, coalesce(l.sku, o.sku) AS sku,
       coalesce(l.quantity, 0) AS ledger, coalesce(o.quantity, 0) AS open
FROM ledger l FULL JOIN open o USING (stock_id, sku)
WHERE coalesce(l.quantity, 0) <> coalesce(o.quantity, 0)
"""


def open_quantity_breaks(conn: db.Connection) -> list[dict]:
    """(stock_id, sku, ledger, open) wherever a stock's ledger is not its lines' open quantities."""
    return query(conn, OPEN_QUANTITY_BREAKS)


def ledger_rows(conn: db.Connection, sku: str) -> list[dict]:
    return query(
        conn,
        "SELECT stock_id, object_type, object_id, quantity::int, event FROM commerce.inventory_reservation "
        "WHERE sku = %s ORDER BY reservation_id",
        (sku,),
    )


def shelf(conn: db.Connection) -> dict[str, int]:
    """What each product has on the shelves, all sources together."""
    rows = query(
        conn, "SELECT sku, sum(quantity)::int AS qty FROM commerce.inventory_source_item GROUP BY sku"
    )
    return {r["sku"]: r["qty"] for r in rows}
