"""Extract: getOrders over the store's window, getOrderItems for new or changed orders.

Every answer is kept verbatim in amazon.api_response; orders and items are upserted by
AmazonOrderId, and the watermark advances in the same transaction, so it is never ahead
of committed data. A re-run repeats the window and changes nothing.

Every failed SP-API attempt (throttled, 5xx, timeout, refused) is recorded in
amazon.api_call_log as it happens, so a store whose calls fail leaves a trace even when
its task fails. A store that imports orders asks for a Restricted Data Token: Commerce
orders need the buyer's shipping address, and customer accounts need the name and email.

`backfill_store` pulls a window of purchase dates (default: from the store's integration)
in bounded chunks; each chunk commits with its progress, so a failed backfill resumes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta
from typing import Any

from psycopg2.extras import Json, execute_batch

from amazon_orders import crashpoints, db, runs
from amazon_orders.db import Connection
from amazon_orders.pipeline import payload
from amazon_orders.rules import SQL_CODES
from amazon_orders.settings import (
    BACKFILL_CHUNK_DAYS,
    BUYER_DATA_REFETCH_PER_RUN,
    FIRST_SYNC_LOOKBACK,
    WATERMARK_OVERLAP,
)
from amazon_orders.sp_api.client import ApiPage, CallFailure, SpApiClient, SpApiError
from amazon_orders.sp_api.model import BEFORE_LIMIT

log = logging.getLogger(__name__)

# Answers about one order (bad request, forbidden, not found): that order is skipped, not the run.
ORDER_REFUSED = frozenset({400, 403, 404})
# A backfill asks getOrders for this many days of purchases at a time.
BACKFILL_CHUNK = timedelta(days=BACKFILL_CHUNK_DAYS)


def window_start(store: dict) -> datetime:
    if store["watermark"] is None:
        return store["integrated_at"] - FIRST_SYNC_LOOKBACK
    return store["watermark"] - WATERMARK_OVERLAP


def needs_restricted_data(store: dict) -> bool:
    """Importing stores need the shipping address (and, for customer accounts, name and email);
    view-only stores never receive buyer data."""
    return bool(store["import_enabled"])


def call_log(conn: Connection, store_id: int, run_key: str) -> Callable[[CallFailure], None]:
    """A failure listener writing amazon.api_call_log rows (committed at once, so they outlive a failure)."""

    def record(failure: CallFailure) -> None:
        db.execute(
            conn,
            "extract/log_api_failure",
            {
                "store_id": store_id,
                "operation": failure.operation,
                "status": failure.status,
                "error_code": failure.code,
                "message": failure.message,
                "run_key": run_key,
                "attempt": failure.attempt,
                "gave_up": failure.final,
            },
        )

    return record


def keep_page(conn: Connection, store_id: int, run_key: str, page: ApiPage) -> None:
    db.execute(
        conn,
        "extract/insert_api_response",
        {
            "store_id": store_id,
            "run_key": run_key,
            "operation": page.operation,
            "params": Json(page.params),
            "status": page.status,
            "body": Json(page.body),
        },
    )


def _collect_orders(conn: Connection, store: dict, run_key: str, pages: Iterable[ApiPage]) -> list[dict]:
    orders: dict[str, dict] = {}
    for page in pages:
        keep_page(conn, store["store_id"], run_key, page)
        for order in page.body.get("payload", {}).get("Orders", []):
            if payload.has_key(order, "AmazonOrderId"):
                orders[order["AmazonOrderId"]] = order  # a later page's copy is the newer
            else:
                log.error(
                    "store %r: getOrders answer has an order without AmazonOrderId; kept raw only",
                    store["name"],
                )
    return list(orders.values())


def _changed(conn: Connection, orders: list[dict], restricted: bool) -> list[dict]:
    """Orders new, updated since stored, or stored without the buyer's data that is now asked for."""
    known = {
        r["amazon_order_id"]: r
        for r in db.fetch_all(
            conn, "extract/read_known_orders", {"order_ids": [o["AmazonOrderId"] for o in orders]}
        )
    }
    return [
        o
        for o in orders
        if o["AmazonOrderId"] not in known
        or payload.timestamp(o.get("LastUpdateDate")) != known[o["AmazonOrderId"]]["last_update_date"]
        or (restricted and not known[o["AmazonOrderId"]]["buyer_data"])
    ]


def orders_to_fetch_again(conn: Connection, store: dict) -> list[str]:
    """Orders stored while the store was view-only, to fetch again with the buyer's data (a few a run)."""
    rows = db.fetch_all(
        conn,
        "extract/read_orders_without_buyer_data",
        {**SQL_CODES, "store_id": store["store_id"], "limit": BUYER_DATA_REFETCH_PER_RUN},
    )
    return [r["amazon_order_id"] for r in rows]


def fetch_again(
    conn: Connection, store: dict, order_ids: Iterable[str], get: Callable[[str], ApiPage]
) -> Iterator[tuple[str, ApiPage]]:
    """Each order's page from `get`; one Amazon refuses (bad request, forbidden, not found) is
    skipped with a warning and goes to the back of the queue, never stopping the others."""
    for order_id in order_ids:
        try:
            page = get(order_id)
        except SpApiError as error:
            if error.status not in ORDER_REFUSED:
                raise  # Amazon unreachable or overloaded: the task fails and is retried
            log.warning(
                "store %r, order %s: not fetched again (%s); it waits", store["name"], order_id, error
            )
            db.execute(conn, "extract/note_refetch_refused", {"amazon_order_id": order_id})
            continue
        yield order_id, page


def _without_buyer_data(
    conn: Connection, client: SpApiClient, store: dict, run_key: str, fetched: list[dict]
) -> list[dict]:
    """Orders stored while the store was view-only, fetched again with the buyer's data (a few a run)."""
    seen = {o["AmazonOrderId"] for o in fetched}
    ids = [i for i in orders_to_fetch_again(conn, store) if i not in seen]
    again = []
    for order_id, page in fetch_again(conn, store, ids, client.get_order):
        keep_page(conn, store["store_id"], run_key, page)
        order = page.body.get("payload")
        if isinstance(order, dict) and order.get("AmazonOrderId") == order_id:
            again.append(order)
    return again


def _fetch_items(
    conn: Connection, client: SpApiClient, store: dict, run_key: str, order_id: str
) -> list[dict]:
    items = []
    for page in client.get_order_items(order_id):
        keep_page(conn, store["store_id"], run_key, page)
        for item in page.body.get("payload", {}).get("OrderItems", []):
            if payload.has_key(item, "OrderItemId"):
                items.append(item)
            else:
                log.error(
                    "store %r, order %s: an item without OrderItemId; kept raw only", store["name"], order_id
                )
    return items


def _fetch_changed(
    conn: Connection, client: SpApiClient, store: dict, run_key: str, orders: list[dict]
) -> tuple[list[dict], dict[str, list[dict]]]:
    changed = _changed(conn, orders, client.restricted_data)
    items = {
        o["AmazonOrderId"]: _fetch_items(conn, client, store, run_key, o["AmazonOrderId"]) for o in changed
    }
    return changed, items


def _upsert(
    cur, store_id: int, run_key: str, changed: list[dict], items: dict[str, list[dict]], buyer_data: bool
) -> None:
    rows = [
        payload.with_items(
            payload.order_row(store_id, o, buyer_data),
            [i["OrderItemId"] for i in items.get(o["AmazonOrderId"], [])],
        )
        for o in changed
    ]
    execute_batch(cur, db.sql("extract/record_status_change"), [{**r, "run_key": run_key} for r in rows])
    execute_batch(cur, db.sql("extract/upsert_order"), rows)
    execute_batch(
        cur,
        db.sql("extract/upsert_order_item"),
        [payload.item_row(oid, i) for oid, lines in items.items() for i in lines],
    )


def extract_orders(
    conn: Connection,
    client: SpApiClient,
    store_id: int,
    run_key: str,
    replay: tuple[datetime | None, datetime | None] | None = None,
) -> dict:
    """Fetch the store's window, store orders and items, advance the watermark; return counts.

    `replay` (from, to) replaces the window (either end None: the usual one); the watermark
    only ever moves forward, so replaying an old window never moves it back.
    """
    store = db.fetch_one(conn, "extract/read_store", {"store_id": store_id})
    client.restricted_data = needs_restricted_data(store)
    with client.recording_failures(call_log(conn, store_id, run_key)):
        after = window_start(store)
        before = client.amazon_now() - BEFORE_LIMIT
        if replay is not None:
            after = replay[0] or after
            before = min(before, replay[1] or before)
        pages = client.get_orders([store["marketplace_id"]], after, before) if after < before else []
        orders = _collect_orders(conn, store, run_key, pages)
        again = _without_buyer_data(conn, client, store, run_key, orders) if client.restricted_data else []
        changed, items = _fetch_changed(conn, client, store, run_key, orders + again)
    with db.transaction(conn) as cur:
        _upsert(cur, store_id, run_key, changed, items, client.restricted_data)
        crashpoints.reached("extract:before_commit")
        cur.execute(
            db.sql("extract/advance_watermark"),
            {"store_id": store_id, "last_updated_before": before, "run_key": run_key},
        )
    counts = {
        "fetched": len(orders),
        "new_or_changed": len(changed),
        "fetched_again_for_buyer_data": len(again),
    }
    log.info(
        "store %r: window %s..%s fetched %d orders, new or changed %d; %d fetched again for the buyer's data",
        store["name"],
        after.isoformat(),
        before.isoformat(),
        *counts.values(),
    )
    runs.add_counts(conn, run_key, store_id, counts)
    return counts


def backfill_store(
    conn: Connection,
    client: SpApiClient,
    store_id: int,
    run_key: str,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    chunk: timedelta = BACKFILL_CHUNK,
    max_chunks: int | None = None,
    read_chunk: ChunkReader | None = None,
) -> dict:
    """Pull orders purchased in [start, end) chunk by chunk (start: the store's integration; end: now).

    A backfill that is already running for the store is resumed where it stopped (its own window
    wins over start/end). The incremental watermark is not touched. Returns the backfill's progress.
    """
    store = db.fetch_one(conn, "extract/read_store", {"store_id": store_id})
    client.restricted_data = needs_restricted_data(store)
    with client.recording_failures(call_log(conn, store_id, run_key)):
        running = db.fetch_one(conn, "backfill/read_running", {"store_id": store_id})
        if running is None:
            window_end = end or client.amazon_now() - BEFORE_LIMIT
            window_start_ = start or store["integrated_at"]
            if window_start_ >= window_end:
                return {"backfill_chunks": 0, "backfill_orders": 0, "backfill_done": True}
            db.execute(
                conn,
                "backfill/start",
                {
                    "store_id": store_id,
                    "window_start": window_start_,
                    "window_end": window_end,
                    "chunk": chunk,
                    "run_key": run_key,
                },
            )
            running = db.fetch_one(conn, "backfill/read_running", {"store_id": store_id})
        else:
            log.info(
                "store %r: resuming backfill %d at %s",
                store["name"],
                running["backfill_id"],
                running["next_start"].isoformat(),
            )
        done_now, orders_now = _backfill_chunks(
            conn, client, store, run_key, running, max_chunks, read_chunk or read_chunk_v0
        )
    progress = db.fetch_all(conn, "backfill/read_backfills", {"store_id": store_id})[-1]
    counts = {
        "backfill_chunks": done_now,
        "backfill_orders": orders_now,
        "backfill_done": progress["state"] == "done",
    }
    log.info(
        "store %r: backfill %d: %d chunk(s), %d order(s) now; %s at %s",
        store["name"],
        progress["backfill_id"],
        done_now,
        orders_now,
        progress["state"],
        progress["next_start"].isoformat(),
    )
    runs.add_counts(conn, run_key, store_id, counts)
    return counts


# A backfill chunk's reader: (orders fetched, new or changed, the writer of what it read).
ChunkReader = Callable[
    [Connection, SpApiClient, dict, str, datetime, datetime], tuple[int, int, Callable[[Any], None]]
]


def read_chunk_v0(
    conn: Connection, client: SpApiClient, store: dict, run_key: str, start: datetime, end: datetime
) -> tuple[int, int, Callable[[Any], None]]:
    """One chunk of purchase dates through v0: getOrders, then getOrderItems per new or changed order."""
    orders = _collect_orders(
        conn, store, run_key, client.get_orders_created([store["marketplace_id"]], start, end)
    )
    changed, items = _fetch_changed(conn, client, store, run_key, orders)

    def write(cur: Any) -> None:
        _upsert(cur, store["store_id"], run_key, changed, items, client.restricted_data)

    return len(orders), len(changed), write


def _backfill_chunks(
    conn: Connection,
    client: SpApiClient,
    store: dict,
    run_key: str,
    backfill: dict,
    max_chunks: int | None,
    read_chunk: ChunkReader,
) -> tuple[int, int]:
    chunk_start, done, fetched = backfill["next_start"], 0, 0
    while chunk_start < backfill["window_end"] and (max_chunks is None or done < max_chunks):
        chunk_end = min(chunk_start + backfill["chunk"], backfill["window_end"])
        orders, changed, write = read_chunk(conn, client, store, run_key, chunk_start, chunk_end)
        with db.transaction(conn) as cur:
            write(cur)
            cur.execute(
                db.sql("backfill/advance"),
                {
                    "backfill_id": backfill["backfill_id"],
                    "chunk_start": chunk_start,
                    "chunk_end": chunk_end,
                    "orders": orders,
                },
            )
        log.info(
            "store %r: backfill chunk %s..%s: %d orders, new or changed %d",
            store["name"],
            chunk_start.isoformat(),
            chunk_end.isoformat(),
            orders,
            changed,
        )
        chunk_start, done, fetched = chunk_end, done + 1, fetched + orders
    return done, fetched
