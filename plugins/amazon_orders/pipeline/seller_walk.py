"""Extract through Orders API v2026-01-01: one searchOrders walk per seller, routed to stores.

Amazon's usage plans belong to the seller and the application, and searchOrders allows one
call every three minutes on average: a walk per store would starve a seller with several
marketplaces. So the first store task of a seller to arrive walks for all the seller's
stores that ask for the buyer's data alike (importing stores do; view-only ones never), over
all their marketplaces at once, routes each order to its store by marketplace, and advances
every one of their watermarks in the transaction that stores the orders. The other store
tasks of the sync wait for the walk (an advisory lock), find their watermark fresh, and fetch
nothing. Items come with the orders: no call per order.

A view-only store's orders are never asked for the buyer's data, and whatever personal data
Amazon sends anyway for them is dropped before anything is stored (order row and raw answer).

Now and then a walk reaches further back than the overlap (hourly over 6 hours, daily over
3 days): Amazon sometimes shows an order in the results long after its lastUpdatedTime.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from psycopg2.extras import execute_batch

from amazon_orders import crashpoints, db, runs
from amazon_orders.db import Connection
from amazon_orders.pipeline import payload_2026
from amazon_orders.pipeline.extract import (
    call_log,
    fetch_again,
    keep_page,
    orders_to_fetch_again,
    window_start,
)
from amazon_orders.settings import RESWEEPS, WALK_FRESHNESS
from amazon_orders.sp_api import orders_2026
from amazon_orders.sp_api.client import ApiPage, SpApiClient, SpApiError
from amazon_orders.sp_api.model import BEFORE_LIMIT

log = logging.getLogger(__name__)

# What every walk asks for beside the orders and items: the money, the fulfilment (status,
# channel, windows, shipped quantities) and the cancellations.
INCLUDED_ALWAYS = ("PROCEEDS", "FULFILLMENT", "CANCELLATION", "PROMOTION", "TAX", "PAYMENT")
# The buyer's data, asked for only where a store imports: the Commerce order needs the
# address, customer accounts the name and email.
INCLUDED_BUYER = ("BUYER", "RECIPIENT")
# What an order carries of the buyer's person (dropped for view-only stores).
PERSONAL = ("buyer", "recipient")


class MissingRole(SpApiError):
    """The application lacks the role Amazon requires for the buyer's data of this seller."""


def included_data(import_enabled: bool) -> list[str]:
    return [*INCLUDED_ALWAYS, *(INCLUDED_BUYER if import_enabled else ())]


def extract_orders(
    conn: Connection,
    client: SpApiClient,
    store_id: int,
    run_key: str,
    replay: tuple[datetime | None, datetime | None] | None = None,
) -> dict:
    """The store's share of its seller's walk; return the store's counts.

    `replay` (from, to) walks only this store's marketplace over that window, and moves no
    watermark (it only ever moves forward).
    """
    store = db.fetch_one(conn, "extract/read_store", {"store_id": store_id})
    key = {"seller_id": store["seller_id"], "import_enabled": bool(store["import_enabled"])}
    with client.recording_failures(call_log(conn, store_id, run_key)), walk_lock(conn, key):
        before = client.amazon_now() - BEFORE_LIMIT
        if replay is not None:
            after, until = replay[0] or window_start(store), min(before, replay[1] or before)
            return _walk(conn, client, [store], store, run_key, after, until, move_watermarks=False)
        stores = db.fetch_all(conn, "extract/read_walk_stores", key)
        mine = next(s for s in stores if s["store_id"] == store_id)
        if mine["watermark"] is not None and mine["watermark"] >= before - WALK_FRESHNESS:
            log.info(
                "store %r: its seller's walk is fresh (to %s); nothing fetched",
                store["name"],
                mine["watermark"],
            )
            return runs.add_counts(conn, run_key, store_id, {"walk_shared": True})
        after = min([*(window_start(s) for s in stores), *_resweep_starts(conn, stores, before)])
        return _walk(conn, client, stores, store, run_key, after, before, move_watermarks=True)


@contextmanager
def walk_lock(conn: Connection, key: dict) -> Iterator[None]:
    db.fetch_one(conn, "extract/lock_walk", key)
    try:
        yield
    finally:
        db.fetch_one(conn, "extract/unlock_walk", key)


def _resweep_starts(conn: Connection, stores: list[dict], before: datetime) -> list[datetime]:
    """Where the due re-sweeps start (none due: nothing); the walk notes them as done."""
    due = db.fetch_all(
        conn,
        "extract/read_due_resweeps",
        {
            "store_ids": [s["store_id"] for s in stores],
            "now": before,
            "resweeps": [r.name for r in RESWEEPS],
            "everys": [r.every for r in RESWEEPS],
        },
    )
    reaches = {r.name: r.reach for r in RESWEEPS}
    return [before - reaches[row["resweep"]] for row in due]


def _walk(
    conn: Connection,
    client: SpApiClient,
    stores: list[dict],
    asking: dict,
    run_key: str,
    after: datetime,
    before: datetime,
    move_watermarks: bool,
) -> dict:
    buyer_data = bool(asking["import_enabled"])
    routed = (
        _search(conn, client, stores, asking, run_key, after, before, buyer_data) if after < before else {}
    )
    if buyer_data:
        for store in stores:
            _refetch_without_buyer_data(
                conn, client, store, run_key, routed.setdefault(store["store_id"], {})
            )
    changed = {sid: changed_orders(conn, orders, buyer_data) for sid, orders in routed.items()}
    with db.transaction(conn) as cur:
        for store_id, orders in changed.items():
            upsert_orders(cur, store_id, run_key, orders, buyer_data)
        crashpoints.reached("extract:before_commit")
        if move_watermarks:
            for store in stores:
                params = {"store_id": store["store_id"], "last_updated_before": before, "run_key": run_key}
                cur.execute(db.sql("extract/advance_watermark"), params)
            cur.execute(
                db.sql("extract/note_resweeps"),
                {
                    "store_ids": [s["store_id"] for s in stores],
                    "now": before,
                    "reached": after,
                    "resweeps": [r.name for r in RESWEEPS],
                    "reaches": [r.reach for r in RESWEEPS],
                },
            )
    return _count(conn, stores, asking, run_key, routed, changed, after, before)


def _search(
    conn: Connection,
    client: SpApiClient,
    stores: list[dict],
    asking: dict,
    run_key: str,
    after: datetime,
    before: datetime,
    buyer_data: bool,
) -> dict[int, dict[str, dict]]:
    """Every order of the window, by store and order id (a later page's copy is the newer)."""
    by_market = {s["marketplace_id"]: s["store_id"] for s in stores}
    markets = sorted(by_market)
    routed: dict[int, dict[str, dict]] = defaultdict(dict)
    per_call = orders_2026.max_marketplaces()  # the model's limit (50)
    for start in range(0, len(markets), per_call):
        chunk = markets[start : start + per_call]
        for page in _pages(client, chunk, after, before, buyer_data, asking):
            page = page if buyer_data else _without_personal_data(page)
            keep_page(conn, asking["store_id"], run_key, page)
            for order in page.body.get("orders") or []:
                store_id = by_market.get(payload_2026.marketplace_of(order))
                if payload_2026.order_id(order) is None or store_id is None:
                    log.error(
                        "seller %s: a searchOrders order without id or known marketplace; kept raw only",
                        asking["seller_id"],
                    )
                    continue
                routed[store_id][order["orderId"]] = order
    return routed


def _pages(
    client: SpApiClient, markets: list[str], after: datetime, before: datetime, buyer_data: bool, asking: dict
) -> Iterator[ApiPage]:
    try:
        yield from client.search_orders(markets, after, before, included_data(buyer_data))
    except SpApiError as error:
        if buyer_data and error.status == 403:
            raise MissingRole(
                error.operation,
                error.status,
                error.code,
                f"seller {asking['seller_id']} (store {asking['name']!r}): Amazon refuses the buyer's data "
                f"({error.message or 'no message'}). Give the application the roles for buyer and "
                "shipping data (Developer Central: Direct-to-Consumer Delivery, Buyer Communication), or "
                "set the store view-only; its orders wait and import once the role is there.",
            ) from error
        raise


def _without_personal_data(page: ApiPage) -> ApiPage:
    """The page with every order's buyer and recipient dropped (a view-only store's answer)."""
    orders = page.body.get("orders")
    if not isinstance(orders, list):
        return page
    kept = [{k: v for k, v in o.items() if k not in PERSONAL} if isinstance(o, dict) else o for o in orders]
    return ApiPage(page.operation, page.params, page.status, {**page.body, "orders": kept})


def _refetch_without_buyer_data(
    conn: Connection, client: SpApiClient, store: dict, run_key: str, orders: dict[str, dict]
) -> None:
    """Orders stored while the store was view-only, fetched again with the buyer's data (a few a run)."""
    ids = [i for i in orders_to_fetch_again(conn, store) if i not in orders]
    for order_id, page in fetch_again(
        conn, store, ids, lambda i: client.get_order_2026(i, included_data(True))
    ):
        keep_page(conn, store["store_id"], run_key, page)
        order = page.body.get("order")
        if isinstance(order, dict) and order.get("orderId") == order_id:
            orders[order_id] = order


def changed_orders(conn: Connection, orders: dict[str, dict], buyer_data: bool) -> list[dict]:
    """Orders new, updated since stored, or stored without the buyer's data that is now asked for."""
    known = {
        r["amazon_order_id"]: r
        for r in db.fetch_all(conn, "extract/read_known_orders", {"order_ids": list(orders)})
    }
    return [
        o
        for oid, o in orders.items()
        if oid not in known
        or payload_2026.last_updated(o) != known[oid]["last_update_date"]
        or (buyer_data and not known[oid]["buyer_data"])
    ]


def upsert_orders(cur: Any, store_id: int, run_key: str, orders: list[dict], buyer_data: bool) -> None:
    rows = [payload_2026.order_row(store_id, o, buyer_data) for o in orders]
    execute_batch(cur, db.sql("extract/record_status_change"), [{**r, "run_key": run_key} for r in rows])
    execute_batch(cur, db.sql("extract/upsert_order"), rows)
    items = [payload_2026.item_row(o["orderId"], i) for o in orders for i in payload_2026.items_of(o)]
    execute_batch(cur, db.sql("extract/upsert_order_item"), items)


def _count(
    conn: Connection,
    stores: list[dict],
    asking: dict,
    run_key: str,
    routed: dict[int, dict[str, dict]],
    changed: dict[int, list[dict]],
    after: datetime,
    before: datetime,
) -> dict:
    """Each store's counts under its own run key; return the asking store's."""
    dag_run = runs.dag_run_of(run_key)
    mine = {}
    for store in stores:
        sid = store["store_id"]
        counts = {"fetched": len(routed.get(sid, {})), "new_or_changed": len(changed.get(sid, []))}
        if sid != asking["store_id"]:
            counts["walked_by"] = asking["name"]
        total = runs.add_counts(conn, runs.run_key(dag_run, sid), sid, counts)
        mine = total if sid == asking["store_id"] else mine
    log.info(
        "seller %s: walk %s..%s over %d store(s): %s",
        asking["seller_id"],
        after.isoformat(),
        before.isoformat(),
        len(stores),
        ", ".join(f"{s['name']} fetched {len(routed.get(s['store_id'], {}))}" for s in stores),
    )
    return mine


def read_chunk(
    conn: Connection, client: SpApiClient, store: dict, run_key: str, start: datetime, end: datetime
) -> tuple[int, int, Callable[[Any], None]]:
    """One backfill chunk of purchase dates through v2026: searchOrders by createdTime, the
    store's marketplace alone (a manual backfill is per store), items with the orders."""
    buyer_data = bool(store["import_enabled"])
    orders: dict[str, dict] = {}
    for page in client.search_orders_created(
        [store["marketplace_id"]], start, end, included_data(buyer_data)
    ):
        page = page if buyer_data else _without_personal_data(page)
        keep_page(conn, store["store_id"], run_key, page)
        for order in page.body.get("orders") or []:
            if payload_2026.order_id(order) and payload_2026.marketplace_of(order) == store["marketplace_id"]:
                orders[order["orderId"]] = order
    changed = changed_orders(conn, orders, buyer_data)

    def write(cur: Any) -> None:
        upsert_orders(cur, store["store_id"], run_key, changed, buyer_data)

    return len(orders), len(changed), write
