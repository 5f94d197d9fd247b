"""The way typical connectors import: one transaction per order, a lookup per line.

For each order: read its lines, find each line's product, read its salable stock,
then create the order, its items and reservations, or record a blocker. Same rules,
same database, same data as the pipeline; it exists only to be measured against.
"""

from __future__ import annotations

from decimal import Decimal

from amazon_orders import db
from amazon_orders.db import Connection
from amazon_orders.rules import Reason


def _blocker(lines: list[dict], cur) -> tuple[str, str] | None:
    for line in lines:
        if line["currency"] != line["order_currency"] or not line["quantity_ordered"]:
            return Reason.INVALID_ORDER_DATA, line["order_item_id"]
        cur.execute(db.sql("bench/per_order_find_product"), line)
        product = cur.fetchone()
        if product is None:
            return Reason.NOT_IN_CATALOG, line["order_item_id"]
        if product["status"] != 1:
            return Reason.PRODUCT_DISABLED, line["order_item_id"]
        line["product"] = product
        if line["fulfillment_channel"] == "MFN":
            cur.execute(db.sql("bench/per_order_salable"), {"sku": product["sku"]})
            if cur.fetchone()["salable_qty"] < line["quantity_ordered"]:
                return Reason.OUT_OF_STOCK, line["order_item_id"]
    return None


def import_order(conn: Connection, amazon_order_id: str) -> bool:
    with db.transaction(conn) as cur:
        cur.execute(db.sql("bench/per_order_read_lines"), {"amazon_order_id": amazon_order_id})
        lines = cur.fetchall()
        blocked = _blocker(lines, cur)
        if blocked is not None:
            cur.execute(
                db.sql("bench/per_order_insert_blocker"),
                {"amazon_order_id": amazon_order_id, "order_item_id": blocked[1], "reason": blocked[0].value},
            )
            return False
        total = sum((line["item_price"] for line in lines), Decimal(0))
        cur.execute(
            db.sql("bench/per_order_insert_order"),
            {
                "amazon_order_id": amazon_order_id,
                "total": total,
                "qty": sum(li["quantity_ordered"] for li in lines),
            },
        )
        order = cur.fetchone()
        for line in lines:
            product = line["product"]
            cur.execute(
                db.sql("bench/per_order_insert_item"),
                {
                    "order_id": order["entity_id"],
                    "order_item_id": line["order_item_id"],
                    "product_id": product["entity_id"],
                    "sku": product["sku"],
                    "name": product["name"],
                    "qty": line["quantity_ordered"],
                    "price": line["item_price"],
                },
            )
            if line["fulfillment_channel"] == "MFN":
                cur.execute(
                    db.sql("load/insert_reservation"),
                    {
                        "sku": product["sku"],
                        "quantity": -line["quantity_ordered"],
                        "object_type": "order",
                        "object_id": order["increment_id"],
                        "event": f"order_placed:{line['order_item_id']}",
                    },
                )
        cur.execute(
            db.sql("bench/per_order_link"),
            {"order_id": order["entity_id"], "amazon_order_id": amazon_order_id},
        )
    return True


def import_all(conn: Connection) -> int:
    ids = [row["amazon_order_id"] for row in db.fetch_all(conn, "bench/read_order_ids")]
    return sum(import_order(conn, order_id) for order_id in ids)
