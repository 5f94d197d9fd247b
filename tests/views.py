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


def salable(conn: db.Connection, sku: str) -> float:
    """Stock less reservations, summed from the ledger itself; the running total the pipeline
    reads (commerce.inventory_reservation_total) must agree with that sum."""
    row = query(
        conn,
        """
        SELECT coalesce((SELECT sum(quantity) FROM commerce.inventory_source_item
                          WHERE sku = %(sku)s), 0) AS stock,
               coalesce((SELECT sum(quantity) FROM commerce.inventory_reservation
                          WHERE sku = %(sku)s), 0) AS ledger,
               coalesce((SELECT quantity FROM commerce.inventory_reservation_total
                          WHERE sku = %(sku)s), 0) AS total
        """,
        {"sku": sku},
    )[0]
    assert row["total"] == row["ledger"], (
        f"reservation total of {sku} is {row['total']}, the ledger sums {row['ledger']}"
    )
    return float(row["stock"] + row["ledger"])


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
   OR so.grand_total IS DISTINCT FROM om.amazon_total
   OR so.subtotal <> (SELECT sum(i.row_total) FROM commerce.sales_order_item i
                      WHERE i.order_id = so.entity_id)
   OR (SELECT count(*) FROM commerce.sales_order_item i WHERE i.order_id = so.entity_id)
      <> (SELECT count(*) FROM amazon.order_item a WHERE a.amazon_order_id = so.ext_order_id)
"""


def money_identity_breaks(conn: db.Connection) -> list[dict]:
    """Commerce orders whose money does not add up, or does not match Amazon's total, or lost a line."""
    return query(conn, MONEY_IDENTITY_BREAKS)


# Every Commerce order's documents (issue 19): one payment and one grid row; an invoice exactly
# when it is invoiced, for its whole amount, with every line; Amazon-fulfilled orders shipped in
# full; no document row without its order, item, invoice or tax (the load writes them unkeyed).
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
      <> so.total_qty_ordered
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
"""


def order_document_breaks(conn: db.Connection) -> list[dict]:
    """Commerce orders whose payment, invoice, grid row, taxes or shipment are missing or wrong."""
    return query(conn, ORDER_DOCUMENT_BREAKS)
