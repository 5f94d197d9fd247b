"""Commerce shipments: recorded for an imported order, queued for confirmation to Amazon.

This is how a warehouse system records a shipment (the scenario step `ship` and the
command `python -m amazon_orders.pipeline.shipments` call it). One transaction: the
shipment, its items and track, the goods taken off the shelves of the order's stock (a named
source, or the stock's sources by priority, recorded per source in
commerce.inventory_shipment_source; none for a product that does not manage stock), the
reservation released, and the outbox row that reconciliation sends to Amazon.

A merchant-fulfilled order the seller shipped outside Commerce (Amazon reports it
`PartiallyShipped` or `Shipped`) gets the same shipment from reconciliation, for what Amazon
shipped, with no track and nothing to confirm: Amazon told us.
"""

from __future__ import annotations

import argparse
import logging
from contextlib import closing

from psycopg2.errors import CheckViolation
from psycopg2.extras import RealDictCursor

from amazon_orders import db, settings
from amazon_orders.db import Connection
from amazon_orders.rules import SQL_CODES, Channel, CommerceStatus

log = logging.getLogger(__name__)


class ShipmentError(ValueError):
    """A shipment that cannot be recorded; the message names the order and the reason."""


def _quantities(open_items: list[dict], wanted: list[dict] | None, order_id: str) -> list[tuple[dict, int]]:
    if wanted is None:  # default: everything not yet shipped
        return [(item, int(item["qty_open"])) for item in open_items if item["qty_open"] > 0]
    by_amazon_id = {item["ext_order_item_id"]: item for item in open_items}
    chosen = []
    for entry in wanted:
        item = by_amazon_id.get(entry["order_item_id"])
        if item is None:
            raise ShipmentError(f"order {order_id}: no item {entry['order_item_id']!r}")
        if not 0 < entry["qty"] <= item["qty_open"]:
            raise ShipmentError(
                f"order {order_id}, item {entry['order_item_id']}: "
                f"{entry['qty']} to ship but {item['qty_open']:g} open"
            )
        chosen.append((item, int(entry["qty"])))
    return chosen


def _shortfall(sku: str, qty: float, sources: list[dict], stock: str | None) -> str:
    """Why the sources considered for `sku` cannot cover `qty`, each named with what it holds."""
    if not sources:
        return f"product {sku}: {qty:g} to take off the shelf, and stock {stock} has no enabled source"
    held = ", ".join(f"source {s['source_code']} holds {float(s['on_shelf']):g}" for s in sources)
    on = "it" if len(sources) == 1 else "them"
    return f"product {sku}: {qty:g} to take off the shelf, fewer on {on} ({held})"


def _check_named_source(source: str, sku: str, row: dict) -> None:
    """The one source a shipment was told to take from must be there, enabled, in the order's stock."""
    if row["source_code"] is None:
        raise ShipmentError(f"source {source}: no such source in commerce.inventory_source")
    if not row["in_stock"]:
        raise ShipmentError(
            f"source {source}: not a source of stock {row['stock_name']}, which product {sku} of this "
            "order is sold from"
        )
    if not row["enabled"]:
        raise ShipmentError(f"source {source}: disabled")


def _take_off_shelves(cur: RealDictCursor, shipment_id: int, source: str | None) -> None:
    """The shipment's products off the shelves: from `source`, or by the stock's source priority;
    recorded per source in commerce.inventory_shipment_source. A source that cannot cover its part
    refuses the shipment by name (ShipmentError); no shelf ever goes below zero."""
    cur.execute(db.sql("shipments/read_source_selection"), {"shipment_id": shipment_id, "source": source})
    by_sku: dict[str, list[dict]] = {}
    for row in cur.fetchall():
        by_sku.setdefault(row["sku"], []).append(row)
    taken: list[tuple[str, str, object]] = []
    for sku, rows in by_sku.items():
        qty = rows[0]["qty"]
        if source is not None:
            _check_named_source(source, sku, rows[0])
        sources = [r for r in rows if r["source_code"] is not None]
        if sum(r["take"] for r in sources) < qty:
            raise ShipmentError(_shortfall(sku, float(qty), sources, rows[0]["stock_name"]))
        taken += [(r["source_code"], sku, r["take"]) for r in sources if r["take"] > 0]
    if not taken:
        return
    try:
        cur.execute(
            db.sql("shipments/deduct_source_quantity"),
            {
                "shipment_id": shipment_id,
                "source_codes": [code for code, _, _ in taken],
                "skus": [sku for _, sku, _ in taken],
                "quantities": [qty for _, _, qty in taken],
            },
        )
    except CheckViolation:  # the shelves are locked while chosen: only a bug gets here
        raise ShipmentError(f"shipment {shipment_id}: a shelf would go below zero") from None


def _ship(
    cur: RealDictCursor, order_id: int, chosen: list[tuple[dict, int]], source: str | None = None
) -> dict:
    """The shipment of `chosen` (item, quantity) of a Commerce order, its items, the goods taken
    off the shelves (of `source`, or by the stock's source priority) and the order's reservation
    compensated; returns its entity and increment id."""
    cur.execute(
        db.sql("shipments/insert_shipment"), {"order_id": order_id, "total_qty": sum(q for _, q in chosen)}
    )
    shipment = cur.fetchone()
    for item, qty in chosen:
        cur.execute(
            db.sql("shipments/insert_shipment_item"),
            {
                "shipment_id": shipment["entity_id"],
                "order_item_id": item["item_id"],
                "sku": item["sku"],
                "qty": qty,
            },
        )
        cur.execute(db.sql("shipments/add_item_shipped"), {"item_id": item["item_id"], "qty": qty})
    # Per SKU, from the shipment's items: two lines of one product are one shelf move and one
    # compensation.
    _take_off_shelves(cur, shipment["entity_id"], source)
    cur.execute(db.sql("shipments/compensate_reservation"), {"shipment_id": shipment["entity_id"]})
    return shipment


def record_shipped_outside_commerce(cur: RealDictCursor, store_id: int, run_key: str) -> dict[str, int]:
    """Shipments for what Amazon reports shipped of the store's merchant-fulfilled orders beyond
    what Commerce shipped, in the caller's transaction. One that Commerce cannot record (its shelf
    holds less) is left out with a note, never stopping the others; returns both counts."""
    cur.execute(db.sql("reconcile/read_shipped_outside_commerce"), {**SQL_CODES, "store_id": store_id})
    by_order: dict[str, list[dict]] = {}
    for line in cur.fetchall():
        by_order.setdefault(line["amazon_order_id"], []).append(line)
    refused = 0
    for amazon_order_id, lines in by_order.items():
        status = lines[0]["order_status"]
        cur.execute(db.sql("shipments/begin_order_shipment"))
        try:
            shipment = _ship(cur, lines[0]["order_id"], [(line, int(line["qty"])) for line in lines])
        except ShipmentError as error:
            cur.execute(db.sql("shipments/undo_order_shipment"))
            refused += 1
            log.warning("order %s: shipped outside Commerce, not recorded: %s", amazon_order_id, error)
            note = f"Shipped outside Commerce (Amazon reports {status}), not recorded: {error}"
        else:
            cur.execute(db.sql("shipments/keep_order_shipment"))
            note = (
                f"Shipped outside Commerce (Amazon reports {status}): "
                f"shipment #{shipment['increment_id']} recorded, nothing to confirm"
            )
        cur.execute(
            db.sql("shipments/note_once"),
            {"amazon_order_id": amazon_order_id, "run_key": run_key, "note": note},
        )
    return {"shipped_outside_commerce": len(by_order) - refused, "outside_shipments_not_recorded": refused}


def record_shipment(
    conn: Connection,
    amazon_order_id: str,
    carrier: str,
    tracking: str,
    items: list[dict] | None = None,
    source: str | None = None,
) -> str:
    """Record a shipment of the Commerce order of `amazon_order_id`; return its increment id.

    Idempotent by tracking number: a package already recorded for the order is not recorded twice.

    `items`: [{"order_item_id": Amazon's OrderItemId, "qty": n}]; default all open quantities.
    `source`: the source code every product leaves from (one of the stock's sources); default the
    stock's sources by priority.
    """
    with db.transaction(conn) as cur:
        cur.execute(db.sql("shipments/lock_commerce_order"), {"amazon_order_id": amazon_order_id})
        order = cur.fetchone()
        if order is None:
            raise ShipmentError(f"order {amazon_order_id}: no Commerce order to ship")
        cur.execute(
            db.sql("shipments/find_shipment_by_tracking"),
            {"order_id": order["entity_id"], "track_number": tracking},
        )
        recorded = cur.fetchone()
        if recorded is not None:
            return recorded["increment_id"]
        if order["status"] in (CommerceStatus.CANCELED, CommerceStatus.COMPLETE):
            raise ShipmentError(f"order {amazon_order_id}: Commerce order is {order['status']}")
        if order["fulfillment_channel"] == Channel.AMAZON:
            raise ShipmentError(f"order {amazon_order_id}: Amazon-fulfilled; Amazon ships it")
        cur.execute(db.sql("shipments/read_unshipped_items"), {"order_id": order["entity_id"]})
        chosen = _quantities(cur.fetchall(), items, amazon_order_id)
        if not chosen:
            raise ShipmentError(f"order {amazon_order_id}: nothing left to ship")
        shipment = _ship(cur, order["entity_id"], chosen, source)
        cur.execute(
            db.sql("shipments/insert_track"),
            {
                "shipment_id": shipment["entity_id"],
                "order_id": order["entity_id"],
                "carrier_code": carrier,
                "track_number": tracking,
            },
        )
        cur.execute(
            db.sql("shipments/queue_confirmation"),
            {"shipment_id": shipment["entity_id"], "amazon_order_id": amazon_order_id},
        )
        cur.execute(
            db.sql("load/add_order_event"),
            {
                "amazon_order_id": amazon_order_id,
                "run_key": None,
                "note": f"Shipped in Commerce: shipment #{shipment['increment_id']}, {carrier} {tracking}",
            },
        )
    return shipment["increment_id"]


def main(db_url: str | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m amazon_orders.pipeline.shipments",
        description="Record a Commerce shipment of an imported Amazon order.",
    )
    parser.add_argument("amazon_order_id")
    parser.add_argument("--carrier", required=True)
    parser.add_argument("--tracking", required=True)
    parser.add_argument(
        "--item",
        action="append",
        default=None,
        metavar="ORDER_ITEM_ID=QTY",
        help="ship only this quantity of this Amazon order item (repeatable)",
    )
    parser.add_argument(
        "--source",
        default=None,
        metavar="CODE",
        help="take every product from this source of the order's stock (default: the stock's sources "
        "by priority)",
    )
    args = parser.parse_args()
    items = None
    if args.item:
        items = [{"order_item_id": k, "qty": int(v)} for k, v in (i.split("=", 1) for i in args.item)]
    db_url = db_url or settings.commerce_db_url()
    if db_url is None:
        raise SystemExit(
            "COMMERCE_DB_URL is not set: the Commerce database of the order "
            "(`make ship` uses the embedded one)"
        )
    with closing(db.connect(db_url)) as conn:
        try:
            shipment = record_shipment(
                conn, args.amazon_order_id, args.carrier, args.tracking, items, args.source
            )
        except ShipmentError as refused:  # nothing was written: said as it is, without a traceback
            raise SystemExit(f"order {args.amazon_order_id} not shipped: {refused}") from None
        print(f"shipment {shipment} recorded; it is confirmed to Amazon at the next reconciliation")


if __name__ == "__main__":
    main()
