"""The task layer: one function per DAG task, called by the DAG files and by nothing else's copy.

Each opens its own connections, runs one pipeline step for one store and returns counts.
They take the DAG run's id and its params (the trigger form, or `conf`), so that the DAG
files only wire tasks, and the laptop harness's in-process runner plays the very same
functions in the DAG's own order. Tasks hand each other store ids and counts only: every
step reads its input from Postgres under the run key, so a retry or another worker
continues where the last one stopped.

The pipeline is imported inside the tasks: a DAG file that imports this module stays
free of pandas and Great Expectations, and parses fast.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from datetime import datetime, timedelta
from typing import Any

from amazon_orders import alerts, connections, crashpoints, credentials, db, runs
from amazon_orders.settings import BACKFILL_CHUNK_DAYS, PERSONAL_DATA_RETENTION_DAYS
from amazon_orders.sp_api import SpApiClient
from amazon_orders.sp_api.model import ORDERS_2026
from amazon_orders.sp_api.model.timestamps import parse_amazon_time

log = logging.getLogger(__name__)

Params = Mapping[str, Any]
Window = tuple[datetime | None, datetime | None]


def replay_window(params: Params) -> Window | None:
    """The trigger form's replay window (ISO date-times, either end optional), or None."""
    ends = [params.get("replay_from"), params.get("replay_to")]
    if not any(ends):
        return None
    start, end = (parse_amazon_time(e) if e else None for e in ends)
    if start and end and start >= end:
        raise ValueError(
            f"replay window: replay_from {start.isoformat()} is not before replay_to {end.isoformat()}"
        )
    return start, end


def list_stores(params: Params) -> list[int]:
    """Every store's id, or those of the stores the params name (an unknown name is an error)."""
    names = params.get("stores") or []
    with closing(connections.commerce_db()) as conn:
        stores = {row["name"]: row["store_id"] for row in db.fetch_all(conn, "extract/list_stores")}
    unknown = sorted(set(names) - set(stores))
    if unknown:
        raise ValueError(f"unknown store(s) {unknown}; known: {sorted(stores)}")
    return [stores[n] for n in names] if names else list(stores.values())


@contextmanager
def _sp_api_client_for(conn: db.Connection, store_id: int) -> Iterator[SpApiClient]:
    """The store's seller's client; credentials Amazon refuses become the operator's message."""
    store = db.fetch_one(conn, "extract/read_store", {"store_id": store_id})
    dates = connections.credential_dates(store["seller_id"])
    with (
        connections.sp_api_client(conn, store["seller_id"]) as client,
        credentials.watched(conn, store_id, dates),
    ):
        yield client


def extract_orders(store_id: int, dag_run_id: str, params: Params) -> dict:
    """The store's orders from Amazon: its share of its seller's v2026 walk, or its v0 window."""
    from amazon_orders.pipeline import extract, seller_walk

    reader = seller_walk if connections.orders_api() == ORDERS_2026 else extract
    replay = replay_window(params)
    with closing(connections.commerce_db()) as conn, _sp_api_client_for(conn, store_id) as client:
        return reader.extract_orders(conn, client, store_id, runs.run_key(dag_run_id, store_id), replay)


def select_candidates(store_id: int, dag_run_id: str, params: Params) -> dict:
    """The run's candidates: all, or the order ids asked for; a replay only those purchased in its window."""
    from amazon_orders.pipeline import candidates, dry_run

    only_orders = list(params.get("order_ids") or []) or None
    replay = replay_window(params)
    with closing(connections.commerce_db()) as conn:
        if replay is not None:
            in_window = dry_run.orders_purchased_between(conn, store_id, *replay)
            only_orders = [o for o in only_orders if o in in_window] if only_orders else in_window
        return candidates.select_candidates(conn, store_id, runs.run_key(dag_run_id, store_id), only_orders)


def validate_candidates(store_id: int, dag_run_id: str) -> dict:
    from amazon_orders.pipeline import validate

    with closing(connections.commerce_db()) as conn:
        return validate.validate_candidates(conn, store_id, runs.run_key(dag_run_id, store_id))


def create_commerce_orders(store_id: int, dag_run_id: str, params: Params) -> dict:
    from amazon_orders.pipeline import dry_run, load

    with closing(connections.commerce_db()) as conn:
        run_key = runs.run_key(dag_run_id, store_id)
        if params.get("dry_run"):
            return dry_run.skip_load(conn, store_id, run_key)
        return load.create_commerce_orders(conn, store_id, run_key)


def record_blockers(store_id: int, dag_run_id: str, params: Params) -> dict:
    from amazon_orders.pipeline import dry_run, record

    crashpoints.reached("import:before_record")
    with closing(connections.commerce_db()) as conn:
        run_key = runs.run_key(dag_run_id, store_id)
        if params.get("dry_run"):
            return dry_run.report(conn, store_id, run_key)
        summary = record.record_blockers(conn, store_id, run_key)
        return {**summary, **_alert_new_blockers(conn, store_id, run_key)}


def _alert_new_blockers(conn: db.Connection, store_id: int, run_key: str) -> dict:
    """One email per store naming the blockers no alert has named yet (see alerts.py).

    An alert that cannot be sent never fails the import: it is logged, and the blockers
    stay unannounced until a later run sends it.
    """
    try:
        counts = alerts.alert_new_blockers(conn, store_id)
    except Exception:  # the SMTP server's trouble is not the import's
        log.exception("store %d: the new-blocker alert could not be sent; the next run tries again", store_id)
        conn.rollback()
        return {"new_blockers_alerted": 0}
    runs.add_counts(conn, run_key, store_id, counts)
    return counts


def _run_counts(store_id: int, dag_run_id: str) -> tuple[str, dict]:
    """The store's name and the counts its steps added to this run."""
    run_key = runs.run_key(dag_run_id, store_id)
    with closing(connections.commerce_db()) as conn:
        row = db.fetch_one(conn, "extract/read_run_counts", {"store_id": store_id, "run_key": run_key})
    return row["store_name"], row["counts"] or {}


def _announce(asset: Any, outlet_events: Any, extra: dict) -> dict:
    if outlet_events is not None:  # None where no Airflow runs the task (the in-process runner)
        outlet_events[asset].extra = extra
    return extra


def announce_created_orders(store_id: int, dag_run_id: str, outlet_events: Any) -> dict:
    """The asset event of the Commerce orders the store's load created in this run (its counts);
    skipped, so no event and no analysts' DAG run, when it created none."""
    from airflow.sdk.exceptions import AirflowSkipException

    from amazon_orders.assets import COMMERCE_ORDERS_CREATED

    store, counts = _run_counts(store_id, dag_run_id)
    created = int(counts.get("imported", 0))
    if not created:
        raise AirflowSkipException(f"store {store}: no Commerce order created; no asset event")
    extra = {"store": store, "store_id": store_id, "run_id": dag_run_id, "created": created}
    return _announce(COMMERCE_ORDERS_CREATED, outlet_events, extra)


def announce_status_changes(store_id: int, dag_run_id: str, outlet_events: Any) -> dict:
    """The asset event of the store's Commerce orders whose status reconciliation changed in this
    run; skipped when none changed."""
    from airflow.sdk.exceptions import AirflowSkipException

    from amazon_orders.assets import COMMERCE_ORDER_STATUSES, STATUS_CHANGE_COUNTS

    store, counts = _run_counts(store_id, dag_run_id)
    changes = {key: int(counts.get(key, 0)) for key in STATUS_CHANGE_COUNTS}
    if not any(changes.values()):
        raise AirflowSkipException(f"store {store}: no Commerce order status changed; no asset event")
    extra = {"store": store, "store_id": store_id, "run_id": dag_run_id, **changes}
    return _announce(COMMERCE_ORDER_STATUSES, outlet_events, extra)


def keep_notifications(triggering_asset_events: Any, dag_run_id: str) -> list[int]:
    """The notifications DAG's first task: the run's ORDER_CHANGE notifications kept once each;
    returns the stores with notified orders to fetch."""
    from amazon_orders.assets import ORDER_CHANGES_NAME
    from amazon_orders.pipeline import notifications

    events = [
        event
        for asset, found in (triggering_asset_events or {}).items()
        if getattr(asset, "name", None) == ORDER_CHANGES_NAME
        for event in found
    ]
    with closing(connections.commerce_db()) as conn:
        kept = notifications.keep_notifications(conn, dag_run_id, notifications.messages_of(events))
    return kept["store_ids"]


def fetch_notified_orders(store_id: int, dag_run_id: str) -> dict:
    """The store's notified orders from Amazon (v2026 getOrder), paced with the seller's other calls."""
    from amazon_orders.pipeline import notifications

    with closing(connections.commerce_db()) as conn, _sp_api_client_for(conn, store_id) as client:
        return notifications.fetch_notified_orders(conn, client, store_id, runs.run_key(dag_run_id, store_id))


def select_notified_candidates(store_id: int, dag_run_id: str) -> dict:
    """The run's candidates among the store's notified orders only (none fetched: no candidate)."""
    from amazon_orders.pipeline import candidates, notifications

    run_key = runs.run_key(dag_run_id, store_id)
    with closing(connections.commerce_db()) as conn:
        only_orders = notifications.notified_orders(conn, store_id, run_key)
        return candidates.select_candidates(conn, store_id, run_key, only_orders)


def remove_personal_data(params: Params) -> dict:
    """The retention DAG's task: the buyer's data out of the raw copies of long-final orders."""
    from amazon_orders.pipeline import retention

    days = params.get("retention_days")
    with closing(connections.commerce_db()) as conn:
        return retention.remove_personal_data(
            conn, PERSONAL_DATA_RETENTION_DAYS if days is None else int(days)
        )


def refresh_revenue_example(triggering_asset_events: Any) -> dict:
    """The example analyst DAG's task: what triggered it, and revenue per store and day."""
    from amazon_orders.assets import COMMERCE_ORDERS_CREATED

    events = list((triggering_asset_events or {}).get(COMMERCE_ORDERS_CREATED, []))
    announced = [dict(event.extra) for event in events]
    for extra in announced:
        log.info("triggered by: %s", extra)
    with closing(connections.commerce_db()) as conn:
        rows = db.fetch_all(conn, "analyst/revenue_by_store_and_day")
    for row in rows[:20]:
        log.info(
            "%s %s: %d orders, %s %s",
            row["day"],
            row["store_name"],
            row["orders"],
            row["base_revenue"],
            row["base_currency_code"],
        )
    return {"triggered_by": announced, "days": len(rows)}


def confirm_shipments(store_id: int, dag_run_id: str) -> dict:
    from amazon_orders.pipeline import reconcile

    with closing(connections.commerce_db()) as conn, _sp_api_client_for(conn, store_id) as client:
        return reconcile.confirm_shipments(conn, client, store_id, runs.run_key(dag_run_id, store_id))


def sync_statuses(store_id: int, dag_run_id: str) -> dict:
    from amazon_orders.pipeline import reconcile

    with closing(connections.commerce_db()) as conn:
        return reconcile.sync_statuses(conn, store_id, runs.run_key(dag_run_id, store_id))


def backfill_store(store_id: int, dag_run_id: str, params: Params) -> dict:
    """Pull the store's orders purchased in [start, end) (start: its integration; end: now), chunk by chunk.

    A backfill left running by a failed run is resumed where it stopped.
    """
    from amazon_orders.pipeline import extract, seller_walk

    read_chunk = seller_walk.read_chunk if connections.orders_api() == ORDERS_2026 else extract.read_chunk_v0
    chunk_days = params.get("chunk_days")
    chunk_days = BACKFILL_CHUNK_DAYS if chunk_days is None else chunk_days
    if chunk_days <= 0:
        raise ValueError(f"chunk_days must be positive, not {chunk_days}")
    start, end = (parse_amazon_time(params[k]) if params.get(k) else None for k in ("start", "end"))
    with closing(connections.commerce_db()) as conn, _sp_api_client_for(conn, store_id) as client:
        return extract.backfill_store(
            conn,
            client,
            store_id,
            runs.run_key(dag_run_id, store_id),
            start=start,
            end=end,
            chunk=timedelta(days=chunk_days),
            max_chunks=params.get("max_chunks"),
            read_chunk=read_chunk,
        )
