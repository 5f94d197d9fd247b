"""Load: Commerce orders for the candidates that passed, a transaction per batch.

Each order is locked on its Amazon row and re-checked inside the transaction: a
concurrent run that imported it first, or took the stock, makes this one skip it, so
there is exactly one Commerce order per Amazon order and stock never goes below zero.
"""

from __future__ import annotations

import logging
from decimal import Decimal

from psycopg2.extras import RealDictCursor

from amazon_orders import db, runs
from amazon_orders.db import Connection
from amazon_orders.rules import Channel, CommerceStatus, initial_commerce_status
from amazon_orders.settings import LOAD_BATCH_SIZE

log = logging.getLogger(__name__)


def _split_name(name: str | None) -> tuple[str | None, str | None]:
    if not name:
        return None, None
    first, _, last = name.strip().partition(" ")
    return first, last or None


def _short_lines(cur: RealDictCursor, order_id: str, lines: list[dict]) -> list[tuple[dict, Decimal]]:
    """Lines whose product has less salable stock than ordered, now, under lock."""
    skus = sorted({line["sku"] for line in lines})
    cur.execute(db.sql("load/lock_products"), {"skus": skus})
    cur.execute(db.sql("load/read_salable_qty"), {"skus": skus, "amazon_order_id": order_id})
    salable = {row["sku"]: row["salable_qty"] for row in cur.fetchall()}
    wanted: dict[str, Decimal] = {}
    for line in lines:
        wanted[line["sku"]] = wanted.get(line["sku"], 0) + line["quantity_ordered"]
    return [(line, salable[line["sku"]]) for line in lines if wanted[line["sku"]] > salable[line["sku"]]]


def _customer(cur: RealDictCursor, store: dict, order: dict) -> dict:
    first, last = _split_name(order["buyer_name"])
    customer = {"customer_id": None, "customer_is_guest": True, "customer_email": order["buyer_email"],
                "customer_firstname": first, "customer_lastname": last}
    if store["customer_creation"] == "create" and order["buyer_email"]:
        cur.execute(db.sql("load/upsert_customer"), {"email": order["buyer_email"], "firstname": first,
                                                    "lastname": last})
        customer.update(customer_id=cur.fetchone()["entity_id"], customer_is_guest=False)
    return customer


def _address(cur: RealDictCursor, parent_id: int, order: dict) -> None:
    address = order["shipping_address"] or {}
    first, last = _split_name(address.get("Name") or order["buyer_name"])
    street = "\n".join(filter(None, (address.get(f"AddressLine{n}") for n in (1, 2, 3))))
    for address_type in ("shipping", "billing"):
        cur.execute(db.sql("load/insert_sales_order_address"), {
            "parent_id": parent_id, "address_type": address_type, "firstname": first, "lastname": last,
            "street": street or None, "city": address.get("City"), "region": address.get("StateOrRegion"),
            "postcode": address.get("PostalCode"), "country_id": address.get("CountryCode"),
            "email": order["buyer_email"], "telephone": address.get("Phone")})


def _create(cur: RealDictCursor, store: dict, order: dict, lines: list[dict], run_key: str) -> dict:
    channel = order["fulfillment_channel"]
    status = initial_commerce_status(channel, store["processing_status"])
    subtotal = sum((line["item_price"] for line in lines), Decimal(0))
    cur.execute(db.sql("load/insert_sales_order"), {
        "increment_id": order["amazon_order_id"] if store["order_number_source"] == "amazon" else None,
        "ext_order_id": order["amazon_order_id"], "store_id": store["commerce_store_id"],
        "state": CommerceStatus.COMPLETE.value if status == CommerceStatus.COMPLETE else CommerceStatus.PROCESSING.value,
        "status": status, "currency": order["currency"], "subtotal": subtotal,
        "grand_total": order["order_total"] if order["order_total"] is not None else subtotal,
        "total_qty_ordered": sum(line["quantity_ordered"] for line in lines),
        **_customer(cur, store, order)})
    created = cur.fetchone()
    for line in lines:
        qty = line["quantity_ordered"]
        cur.execute(db.sql("load/insert_sales_order_item"), {
            "order_id": created["entity_id"], "ext_order_item_id": line["order_item_id"],
            "product_id": line["product_id"], "sku": line["sku"], "name": line["name"], "qty_ordered": qty,
            "qty_shipped": qty if channel == Channel.AMAZON else 0,
            "price": line["item_price"] / qty, "row_total": line["item_price"]})
        if channel == Channel.MERCHANT:
            cur.execute(db.sql("load/insert_reservation"), {
                "sku": line["sku"], "quantity": -qty, "object_type": "order",
                "object_id": created["increment_id"], "event": "order_placed"})
    cur.execute(db.sql("load/release_pending_reservation"), {"amazon_order_id": order["amazon_order_id"]})
    _address(cur, created["entity_id"], order)
    cur.execute(db.sql("load/insert_status_history"), {
        "order_id": created["entity_id"], "status": status,
        "comment": f"Imported from Amazon order {order['amazon_order_id']} ({order['order_status']}, {channel})"})
    cur.execute(db.sql("load/link_order"), {"commerce_order_id": created["entity_id"],
                                           "amazon_order_id": order["amazon_order_id"]})
    cur.execute(db.sql("load/add_order_event"), {
        "amazon_order_id": order["amazon_order_id"], "run_key": run_key,
        "note": f"Imported as Commerce order #{created['increment_id']} ({created['status']})"})
    return created


def _reserve(cur: RealDictCursor, order: dict, lines: list[dict]) -> None:
    for line in lines:
        cur.execute(db.sql("load/insert_reservation"), {
            "sku": line["sku"], "quantity": -line["quantity_ordered"], "object_type": "amazon_pending",
            "object_id": order["amazon_order_id"], "event": "pending_reserved"})


def _load_one(cur: RealDictCursor, store: dict, candidate: dict, run_key: str) -> str:
    """Create (or reserve for) one order inside the batch's transaction; say what happened."""
    cur.execute(db.sql("load/lock_order"), {"amazon_order_id": candidate["amazon_order_id"]})
    order = cur.fetchone()
    if order["commerce_order_id"] is not None:
        return "already_imported"
    cur.execute(db.sql("load/read_order_lines"), {"amazon_order_id": order["amazon_order_id"]})
    lines = cur.fetchall()
    if order["fulfillment_channel"] == Channel.MERCHANT:
        short = _short_lines(cur, order["amazon_order_id"], lines)
        if short:
            for line, salable in short:
                cur.execute(db.sql("load/add_stock_failure"), {
                    "run_key": run_key, "amazon_order_id": order["amazon_order_id"],
                    "order_item_id": line["order_item_id"],
                    "detail": f"product {line['sku']}: {line['quantity_ordered']} ordered, {max(salable, 0):g} salable"})
            return "out_of_stock"
    if candidate["action"] == "reserve":
        _reserve(cur, order, lines)
        return "reserved"
    _create(cur, store, order, lines, run_key)
    return "imported"


def create_commerce_orders(conn: Connection, store_id: int, run_key: str) -> dict:
    """Create the Commerce orders of the run's importable candidates; return counts."""
    store = db.fetch_one(conn, "extract/read_store", {"store_id": store_id})
    candidates = db.fetch_all(conn, "load/read_importable_orders", {"run_key": run_key})
    counts: dict[str, int] = {}
    for start in range(0, len(candidates), LOAD_BATCH_SIZE):
        with db.transaction(conn) as cur:
            cur.execute(db.sql("load/lock_allocation"))
            outcomes = [_load_one(cur, store, c, run_key) for c in candidates[start:start + LOAD_BATCH_SIZE]]
        for outcome in outcomes:
            counts[outcome] = counts.get(outcome, 0) + 1
    log.info("store %r: %s", store["name"], ", ".join(f"{k} {v}" for k, v in counts.items()) or "nothing to load")
    runs.add_counts(conn, run_key, store_id, counts)
    return counts
