"""A readable summary of what the import left in the database (the demo prints it)."""

from __future__ import annotations

from collections import Counter

from amazon_orders import db
from amazon_orders.db import Connection
from amazon_orders.rules import SQL_CODES


def _table(rows: list[dict], columns: list[str]) -> list[str]:
    if not rows:
        return ["  (none)"]
    width = {c: max(len(c), *(len(str(r[c] if r[c] is not None else "")) for r in rows)) for c in columns}
    lines = ["  " + "  ".join(c.ljust(width[c]) for c in columns)]
    for row in rows:
        lines.append(
            "  " + "  ".join(str(row[c] if row[c] is not None else "").ljust(width[c]) for c in columns)
        )
    return lines


def render(conn: Connection) -> str:
    out = ["", "Amazon orders by grid status, per store (amazon.orders_grid):"]
    out += _table(db.fetch_all(conn, "summary/grid_status_by_store"), ["store_name", "status", "orders"])
    out += ["", "Every order (amazon.orders_grid):"]
    out += _table(
        db.fetch_all(conn, "summary/grid"),
        [
            "store_name",
            "amazon_order_id",
            "amazon_status",
            "status",
            "fulfillment_channel",
            "commerce_order_number",
            "commerce_status",
            "order_notes",
        ],
    )
    created = db.fetch_all(conn, "summary/commerce_orders")
    out += ["", f"Commerce orders created: {len(created)} (commerce.sales_order)"]
    out += _table(
        created,
        [
            "store_name",
            "amazon_order_id",
            "commerce_order_number",
            "commerce_status",
            "subtotal",
            "shipping_amount",
            "tax_amount",
            "discount_amount",
            "grand_total",
            "currency",
            "base_grand_total",
            "base_currency",
            "total_invoiced",
            "total_canceled",
        ],
    )
    out += ["", "Salable stock per stock (commerce.salable_stock, products that sold or hold any):"]
    out += _table(db.fetch_all(conn, "summary/salable_stock"), ["stock", "sku", "on_the_shelves", "salable"])
    out += [
        "",
        "Revenue by store in the base currency (commerce.sales_order.base_grand_total, not canceled):",
    ]
    out += _table(
        db.fetch_all(conn, "summary/revenue_by_store", SQL_CODES),
        ["store_name", "orders", "base_grand_total", "base_currency"],
    )
    out += ["", "Revenue by store in the order currency (commerce.sales_order.grand_total, not canceled):"]
    out += _table(
        db.fetch_all(conn, "summary/revenue_by_order_currency", SQL_CODES),
        ["store_name", "orders", "grand_total", "currency"],
    )
    blockers = db.fetch_all(conn, "summary/open_blockers")
    by_reason = Counter(b["reason"] for b in blockers)
    out += [
        "",
        "Open blockers by reason (amazon.open_blockers): "
        + (", ".join(f"{r} {n}" for r, n in sorted(by_reason.items())) or "none"),
    ]
    out += _table(blockers, ["store_name", "amazon_order_id", "reason", "detail", "attempts"])
    messages = db.fetch_all(conn, "summary/system_messages")
    out += ["", "System message (amazon.system_messages):"]
    out += [f"  {m['text']}" for m in messages] or ["  (none: every order could be imported)"]
    return "\n".join(out)
