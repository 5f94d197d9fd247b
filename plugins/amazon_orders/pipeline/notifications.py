"""Import from Amazon's ORDER_CHANGE notifications: the near-real-time path beside the 5-minute poll.

The queue's Asset watcher hands a run the SQS messages it received (each asset event's
`extra.payload.message_batch`). Each notification is kept once by its NotificationId (Amazon delivers
at least once), routed to its store by seller and marketplace, and dropped when it is no newer than
the stored copy of its order (`lastUpdatedTime` against TimeOfOrderChange). The rest are fetched with
v2026 getOrder, paced per seller (the pacing buckets every task calling for the seller shares), under
the seller's walk lock (the poll's searchOrders walk waits for it, and it for the walk), and stored as
the poll stores them; the run then selects its candidates among just those orders, and validation,
load and blockers are the poll's own steps. The load's row locks keep the two paths from creating an
order twice. A notification lost, late, or whose run failed leaves nothing undone: the poll finds the
order by its lastUpdatedTime anyway.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterable
from typing import Any

from amazon_orders import db, runs
from amazon_orders.db import Connection
from amazon_orders.pipeline import payload_2026, seller_walk
from amazon_orders.pipeline.extract import call_log, keep_page
from amazon_orders.sp_api.client import SpApiClient, SpApiError
from amazon_orders.sp_api.model import ORDER_CHANGE
from amazon_orders.sp_api.model.timestamps import parse_amazon_time

log = logging.getLogger(__name__)


def messages_of(events: Iterable[Any]) -> list[dict]:
    """The SQS messages of the asset events the queue's watcher made (the SQS trigger's payload)."""
    found: list[dict] = []
    for event in events:
        extra = getattr(event, "extra", event) or {}
        found += list((extra.get("payload") or {}).get("message_batch") or [])
    return found


def order_change(message: dict) -> dict | None:
    """The keys of an ORDER_CHANGE notification in an SQS message's body; None for anything else."""
    try:
        body = json.loads(message.get("Body") or "")
        change = body["Payload"]["OrderChangeNotification"]
        metadata = body["NotificationMetadata"]
        if body.get("NotificationType") != ORDER_CHANGE:
            return None
        moment = (change.get("OrderChangeTrigger") or {}).get("TimeOfOrderChange")
        return {
            "notification_id": metadata["NotificationId"],
            "seller_id": change["SellerId"],
            "marketplace_id": (change.get("Summary") or {}).get("MarketplaceId"),
            "amazon_order_id": change["AmazonOrderId"],
            "order_change_type": change.get("OrderChangeType"),
            "time_of_order_change": parse_amazon_time(moment) if moment else None,
            "published_at": parse_amazon_time(metadata["PublishTime"])
            if metadata.get("PublishTime")
            else None,
        }
    except (ValueError, KeyError, TypeError):
        return None


def keep_notifications(conn: Connection, dag_run_id: str, messages: list[dict]) -> dict:
    """Keep the run's notifications once each, mark the stale ones; return the counts and the stores
    with orders to fetch."""
    outcomes: Counter[str] = Counter()
    malformed = duplicates = 0
    with db.transaction(conn) as cur:
        for message in messages:
            keys = order_change(message)
            if keys is None:
                malformed += 1
                log.error("SQS message %s is no ORDER_CHANGE notification; dropped", message.get("MessageId"))
                continue
            cur.execute(db.sql("notifications/insert_notification"), {**keys, "dag_run_id": dag_run_id})
            row = cur.fetchone()
            if row is None:
                duplicates += 1
            else:
                outcomes[row["outcome"]] += 1
        cur.execute(db.sql("notifications/mark_stale"), {"dag_run_id": dag_run_id})
        stale = cur.rowcount
    store_ids = [
        r["store_id"] for r in db.fetch_all(conn, "notifications/read_run_stores", {"dag_run_id": dag_run_id})
    ]
    counts = {
        "messages": len(messages),
        "duplicates": duplicates,
        "stale": stale,
        "to_fetch": outcomes["fetch"] - stale,
        "unknown_store": outcomes["unknown_store"],
        "view_only": outcomes["view_only"],
        "malformed": malformed,
    }
    log.info("run %s: notifications %s; stores to fetch for: %s", dag_run_id, counts, store_ids)
    return {**counts, "store_ids": store_ids}


def fetch_notified_orders(conn: Connection, client: SpApiClient, store_id: int, run_key: str) -> dict:
    """getOrder (v2026) for each of the store's notified orders of the run, stored as the poll stores
    them, under the seller's walk lock."""
    dag_run_id = runs.dag_run_of(run_key)
    store = db.fetch_one(conn, "extract/read_store", {"store_id": store_id})
    order_ids = [
        r["amazon_order_id"]
        for r in db.fetch_all(
            conn, "notifications/read_orders_to_fetch", {"dag_run_id": dag_run_id, "store_id": store_id}
        )
    ]
    key = {"seller_id": store["seller_id"], "import_enabled": bool(store["import_enabled"])}
    orders: dict[str, dict] = {}
    missing: list[str] = []
    with client.recording_failures(call_log(conn, store_id, run_key)), seller_walk.walk_lock(conn, key):
        for order_id in order_ids:
            try:
                page = client.get_order_2026(order_id, seller_walk.included_data(True))
            except SpApiError as error:
                if error.status != 404:
                    raise
                missing.append(order_id)
                continue
            keep_page(conn, store_id, run_key, page)
            order = page.body.get("order")
            if isinstance(order, dict) and payload_2026.order_id(order) == order_id:
                orders[order_id] = order
            else:
                missing.append(order_id)
        changed = seller_walk.changed_orders(conn, orders, buyer_data=True)
        with db.transaction(conn) as cur:
            seller_walk.upsert_orders(cur, store_id, run_key, changed, buyer_data=True)
            for outcome, ids in (("fetched", list(orders)), ("not_found", missing)):
                params = {
                    "dag_run_id": dag_run_id,
                    "store_id": store_id,
                    "outcome": outcome,
                    "order_ids": ids,
                }
                cur.execute(db.sql("notifications/mark_fetched"), params)
    counts = {"notified": len(order_ids), "fetched": len(orders), "new_or_changed": len(changed)}
    counts["not_found"] = len(missing)
    log.info("store %r: notified orders %s", store["name"], counts)
    return runs.add_counts(conn, run_key, store_id, counts)


def notified_orders(conn: Connection, store_id: int, run_key: str) -> list[str]:
    """The store's orders the run fetched: the only ones its candidates are chosen among."""
    params = {"dag_run_id": runs.dag_run_of(run_key), "store_id": store_id}
    return [r["amazon_order_id"] for r in db.fetch_all(conn, "notifications/read_run_orders", params)]
