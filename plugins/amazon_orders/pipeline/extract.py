"""Extract: getOrders over the store's window, getOrderItems for new or changed orders.

Every answer is kept verbatim in amazon.api_response; orders and items are upserted by
AmazonOrderId, and the watermark advances in the same transaction, so it is never ahead
of committed data. A re-run repeats the window and changes nothing.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from psycopg2.extras import Json, execute_batch

from amazon_orders import crashpoints, db, runs
from amazon_orders.db import Connection
from amazon_orders.pipeline import payload
from amazon_orders.settings import FIRST_SYNC_LOOKBACK, WATERMARK_OVERLAP
from amazon_orders.sp_api.client import ApiPage, SpApiClient

log = logging.getLogger(__name__)

# Amazon's rule: a ...Before must be at least two minutes before now.
TWO_MINUTE_RULE = timedelta(minutes=2)


def window_start(store: dict) -> datetime:
    if store["watermark"] is None:
        return store["integrated_at"] - FIRST_SYNC_LOOKBACK
    return store["watermark"] - WATERMARK_OVERLAP


def _keep(conn: Connection, store_id: int, run_key: str, page: ApiPage) -> None:
    db.execute(conn, "extract/insert_api_response", {
        "store_id": store_id, "run_key": run_key, "operation": page.operation,
        "params": Json(page.params), "status": page.status, "body": Json(page.body),
    })


def _fetch_orders(conn: Connection, client: SpApiClient, store: dict, run_key: str,
                  after: datetime, before: datetime) -> list[dict]:
    orders: dict[str, dict] = {}
    for page in client.get_orders([store["marketplace_id"]], after, before):
        _keep(conn, store["store_id"], run_key, page)
        for order in page.body.get("payload", {}).get("Orders", []):
            if payload.has_key(order, "AmazonOrderId"):
                orders[order["AmazonOrderId"]] = order  # a later page's copy is the newer
            else:
                log.error("store %r: getOrders answer has an order without AmazonOrderId; kept raw only",
                          store["name"])
    return list(orders.values())


def _changed(conn: Connection, orders: list[dict]) -> list[dict]:
    known = {r["amazon_order_id"]: r["last_update_date"] for r in db.fetch_all(
        conn, "extract/read_known_orders", {"order_ids": [o["AmazonOrderId"] for o in orders]})}
    return [o for o in orders if o["AmazonOrderId"] not in known
            or payload.timestamp(o.get("LastUpdateDate")) != known[o["AmazonOrderId"]]]


def _fetch_items(conn: Connection, client: SpApiClient, store: dict, run_key: str,
                 order_id: str) -> list[dict]:
    items = []
    for page in client.get_order_items(order_id):
        _keep(conn, store["store_id"], run_key, page)
        for item in page.body.get("payload", {}).get("OrderItems", []):
            if payload.has_key(item, "OrderItemId"):
                items.append(item)
            else:
                log.error("store %r, order %s: an item without OrderItemId; kept raw only", store["name"], order_id)
    return items


def extract_orders(conn: Connection, client: SpApiClient, store_id: int, run_key: str,
                   replay: tuple[datetime | None, datetime | None] | None = None) -> dict:
    """Fetch the store's window, store orders and items, advance the watermark; return counts.

    `replay` (from, to) replaces the window (either end None: the usual one); the watermark
    only ever moves forward, so replaying an old window never moves it back.
    """
    store = db.fetch_one(conn, "extract/read_store", {"store_id": store_id})
    after = window_start(store)
    before = client.amazon_now() - TWO_MINUTE_RULE
    if replay is not None:
        after = replay[0] or after
        before = min(before, replay[1] or before)
    orders = _fetch_orders(conn, client, store, run_key, after, before) if after < before else []
    changed = _changed(conn, orders)
    items = {o["AmazonOrderId"]: _fetch_items(conn, client, store, run_key, o["AmazonOrderId"]) for o in changed}
    rows = [payload.order_row(store_id, o) for o in changed]
    with db.transaction(conn) as cur:
        execute_batch(cur, db.sql("extract/record_status_change"), [{**r, "run_key": run_key} for r in rows])
        execute_batch(cur, db.sql("extract/upsert_order"), rows)
        execute_batch(cur, db.sql("extract/upsert_order_item"),
                      [payload.item_row(oid, i) for oid, rows in items.items() for i in rows])
        crashpoints.reached("extract:before_commit")
        cur.execute(db.sql("extract/advance_watermark"),
                    {"store_id": store_id, "last_updated_before": before, "run_key": run_key})
    counts = {"fetched": len(orders), "new_or_changed": len(changed)}
    log.info("store %r: window %s..%s fetched %d orders, new or changed %d",
             store["name"], after.isoformat(), before.isoformat(), *counts.values())
    runs.add_counts(conn, run_key, store_id, counts)
    return counts
