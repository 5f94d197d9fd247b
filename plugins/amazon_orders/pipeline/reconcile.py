"""Reconcile: shipments confirmed to Amazon, and Commerce orders following Amazon's status.

- a Commerce shipment is confirmed to Amazon through the outbox, once;
- what Amazon reports shipped of a merchant-fulfilled order beyond Commerce's shipments (the
  seller shipped it outside Commerce) becomes a Commerce shipment, with nothing to confirm;
- Amazon `Shipped` and everything shipped in Commerce: the order becomes `complete`;
- Amazon `Canceled` after import: the order is canceled and its reservation released;
- a line Amazon canceled in part or in full after import (v0: its QuantityOrdered went down; v2026:
  its cancellation): that quantity is canceled on the Commerce line, its reservation released, its
  share of the line's money added to the order's total canceled; an order whose every line is then
  canceled is canceled as a whole. This comes before shipments, so a canceled unit is never shipped;
- Amazon `Canceled` before import: a pending reservation is released;
- a buyer's cancellation request is noted once, and shown in the grid until canceled.
"""

from __future__ import annotations

import logging

from psycopg2.extras import RealDictCursor

from amazon_orders import crashpoints, db, runs
from amazon_orders.db import Connection
from amazon_orders.pipeline import extract, shipments
from amazon_orders.rules import SQL_CODES, Channel, CommerceStatus
from amazon_orders.sp_api import SpApiClient, SpApiError

log = logging.getLogger(__name__)

# A confirmation Amazon keeps refusing is left for a person after this many tries.
MAX_CONFIRMATION_ATTEMPTS = 10


def _body(row: dict) -> dict:
    return {
        "marketplaceId": row["marketplace_id"],
        "packageDetail": {
            "packageReferenceId": row["package_reference_id"],
            "carrierCode": row["carrier_code"],
            "trackingNumber": row["track_number"],
            "shipDate": row["ship_date"].strftime("%Y-%m-%dT%H:%M:%SZ"),
            "orderItems": row["order_items"],
        },
    }


def confirm_shipments(conn: Connection, client: SpApiClient, store_id: int, run_key: str) -> dict:
    """Send every unconfirmed shipment of the store to Amazon; record each outcome."""
    rows = db.fetch_all(
        conn,
        "reconcile/read_pending_confirmations",
        {"store_id": store_id, "max_attempts": MAX_CONFIRMATION_ATTEMPTS},
    )
    counts = {"confirmed": 0, "confirmation_failed": 0}
    for row in rows:
        try:
            with client.recording_failures(
                extract.call_log(conn, store_id, run_key)
            ):  # -> amazon.api_call_log
                client.confirm_shipment(row["amazon_order_id"], _body(row))
            crashpoints.reached("confirm:after_send")
            state, error = "confirmed", None
        except SpApiError as exc:
            state, error = "failed", str(exc)
            log.warning(
                "order %s, shipment %s: confirmation refused: %s",
                row["amazon_order_id"],
                row["package_reference_id"],
                exc,
            )
        db.execute(
            conn,
            "reconcile/mark_confirmation",
            {"shipment_id": row["shipment_id"], "state": state, "last_error": error},
        )
        db.execute(
            conn,
            "load/add_order_event",
            {
                "amazon_order_id": row["amazon_order_id"],
                "run_key": run_key,
                "note": f"Shipment #{row['package_reference_id']} confirmed to Amazon"
                if error is None
                else f"Shipment #{row['package_reference_id']} not confirmed: {error}",
            },
        )
        counts[state if state == "confirmed" else "confirmation_failed"] += 1
    runs.add_counts(conn, run_key, store_id, counts)
    return counts


def _set_status(cur: RealDictCursor, order: dict, status: str, note: str, run_key: str) -> None:
    cur.execute(db.sql("reconcile/set_order_status"), {"order_id": order["order_id"], "status": status})
    cur.execute(
        db.sql("load/insert_status_history"),
        {"order_id": order["order_id"], "status": status, "comment": note},
    )
    cur.execute(
        db.sql("load/add_order_event"),
        {
            "amazon_order_id": order["amazon_order_id"],
            "run_key": run_key,
            "note": f"Commerce order #{order['increment_id']}: {note}",
        },
    )


def _cancel_order(cur: RealDictCursor, order: dict, note: str, run_key: str) -> None:
    """Cancel a Commerce order as a whole: what it still holds released, its open quantities and
    (when nothing of it shipped) its whole total canceled, its status `canceled`."""
    cur.execute(db.sql("reconcile/release_order_reservation"), {**SQL_CODES, **order})
    cur.execute(db.sql("reconcile/cancel_open_quantities"), order)
    cur.execute(db.sql("reconcile/cancel_order_totals"), order)
    _set_status(cur, order, CommerceStatus.CANCELED, note, run_key)


def _item_note(line: dict) -> str:
    """item 00000010000001 (MUG): 1 canceled by Amazon, 1 of 3 in all; 9.74 USD canceled"""
    whole = " (the whole line)" if line["canceled_up_to"] == line["qty_ordered"] else ""
    return (
        f"item {line['ext_order_item_id']} ({line['sku']}): {line['qty']} canceled by Amazon, "
        f"{line['canceled_up_to']} of {line['qty_ordered']} in all{whole}; "
        f"{line['amount']:.2f} {line['order_currency_code']} canceled"
    )


def cancel_items(cur: RealDictCursor, store_id: int, run_key: str) -> dict[str, int]:
    """What Amazon canceled of the lines of the store's open Commerce orders, in the caller's
    transaction: per line and cancellation, the quantity canceled on the line, its reservation
    released (merchant-fulfilled), its share of the money on the order's total canceled, a status
    history entry and an order note; then every order with all its lines canceled is canceled.
    State-driven: a second run finds nothing more to cancel. Returns the counts."""
    cur.execute(db.sql("reconcile/read_item_cancellations"), {**SQL_CODES, "store_id": store_id})
    lines = cur.fetchall()
    for line in lines:
        cur.execute(db.sql("reconcile/cancel_item_quantity"), line)
        if line["fulfillment_channel"] == Channel.MERCHANT:
            cur.execute(db.sql("reconcile/release_item_reservation"), line)
        cur.execute(db.sql("reconcile/cancel_item_totals"), line)
        note = _item_note(line)
        cur.execute(
            db.sql("load/insert_status_history"),
            {"order_id": line["order_id"], "status": line["status"], "comment": note},
        )
        cur.execute(
            db.sql("load/add_order_event"),
            {
                "amazon_order_id": line["amazon_order_id"],
                "run_key": run_key,
                "note": f"Commerce order #{line['increment_id']}: {note}",
            },
        )
    order_ids = sorted({line["order_id"] for line in lines})
    cur.execute(db.sql("reconcile/read_orders_canceled_in_full"), {**SQL_CODES, "order_ids": order_ids})
    canceled = cur.fetchall()
    for order in canceled:
        _cancel_order(cur, order, "canceled (Amazon canceled every item)", run_key)
    return {"items_canceled": len(lines), "canceled_every_item": len(canceled)}


def sync_statuses(conn: Connection, store_id: int, run_key: str) -> dict:
    """Apply Amazon's statuses to the store's Commerce orders, in one transaction."""
    params = {**SQL_CODES, "store_id": store_id}
    with db.transaction(conn) as cur:
        cur.execute(db.sql("reconcile/read_orders_to_cancel"), params)
        to_cancel = cur.fetchall()
        for order in to_cancel:
            _cancel_order(cur, order, "canceled (Amazon canceled the order)", run_key)
        items = cancel_items(cur, store_id, run_key)  # before shipments: a canceled unit never ships
        crashpoints.reached("reconcile:after_item_cancellations")
        outside = shipments.record_shipped_outside_commerce(cur, store_id, run_key)
        cur.execute(db.sql("reconcile/read_orders_to_complete"), params)
        to_complete = cur.fetchall()
        for order in to_complete:
            _set_status(cur, order, CommerceStatus.COMPLETE, "complete (Amazon reports Shipped)", run_key)
        cur.execute(db.sql("reconcile/release_canceled_pending"), params)
        released = cur.rowcount
        cur.execute(db.sql("reconcile/note_buyer_cancel_requests"), {**params, "run_key": run_key})
        cancel_requests = cur.rowcount
    counts = {
        "canceled": len(to_cancel) + items["canceled_every_item"],  # every order canceled in this run
        **items,
        **outside,
        "completed": len(to_complete),
        "pending_reservations_released": released,
        "buyer_cancel_requests": cancel_requests,
    }
    log.info("store %s: %s", store_id, ", ".join(f"{k} {v}" for k, v in counts.items()))
    runs.add_counts(conn, run_key, store_id, counts)
    return counts
