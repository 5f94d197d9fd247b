"""The DAGs' tasks: each opens its connections, runs one pipeline step, returns counts.

Tasks hand each other store ids and counts only; every step reads its input from
Postgres under the run key, so a retry or another worker continues where it stopped.
"""

from __future__ import annotations

import logging
from contextlib import closing
from datetime import datetime

from amazon_orders import alerts, connections, db, runs
from amazon_orders.pipeline import candidates, extract, load, reconcile, record, validate
from amazon_orders.pipeline import dry_run as _dry_run

log = logging.getLogger(__name__)

Window = tuple[datetime | None, datetime | None]


def replay_window(params: dict) -> Window | None:
    """The trigger form's replay window (ISO date-times, either end optional), or None."""
    ends = [params.get("replay_from"), params.get("replay_to")]
    if not any(ends):
        return None
    start, end = (datetime.fromisoformat(e.replace("Z", "+00:00")) if e else None for e in ends)
    if start and end and start >= end:
        raise ValueError(f"replay window: replay_from {start.isoformat()} is not before replay_to {end.isoformat()}")
    return start, end


def store_ids(names: list[str] | None = None) -> list[int]:
    """Every store's id, or those of the named stores (an unknown name is an error)."""
    with closing(connections.commerce_db()) as conn:
        stores = {row["name"]: row["store_id"] for row in db.fetch_all(conn, "extract/list_stores")}
    unknown = sorted(set(names or []) - set(stores))
    if unknown:
        raise ValueError(f"unknown store(s) {unknown}; known: {sorted(stores)}")
    return [stores[n] for n in names] if names else list(stores.values())


def extract_orders(store_id: int, dag_run_id: str, replay: Window | None = None) -> dict:
    with closing(connections.commerce_db()) as conn:
        store = db.fetch_one(conn, "extract/read_store", {"store_id": store_id})
        run_key = runs.run_key(dag_run_id, store_id)
        with connections.sp_api_client(conn, store["seller_id"]) as client:
            if replay is None:
                return extract.extract_orders(conn, client, store_id, run_key)
            return extract.extract_orders(conn, client, store_id, run_key, replay)


def select_candidates(store_id: int, dag_run_id: str, only_orders: list[str] | None = None,
                      replay: Window | None = None) -> dict:
    with closing(connections.commerce_db()) as conn:
        if replay is not None:  # a replayed window tries only the orders purchased in it
            in_window = _dry_run.orders_purchased_between(conn, store_id, *replay)
            only_orders = [o for o in only_orders if o in in_window] if only_orders else in_window
            if not only_orders:
                only_orders = [""]  # no order of this store in the window: no candidate
        return candidates.select_candidates(conn, store_id, runs.run_key(dag_run_id, store_id), only_orders)


def validate_candidates(store_id: int, dag_run_id: str) -> dict:
    with closing(connections.commerce_db()) as conn:
        return validate.validate_candidates(conn, store_id, runs.run_key(dag_run_id, store_id))


def create_commerce_orders(store_id: int, dag_run_id: str, dry_run: bool = False) -> dict:
    with closing(connections.commerce_db()) as conn:
        if dry_run:
            return _dry_run.skip_load(conn, store_id, runs.run_key(dag_run_id, store_id))
        return load.create_commerce_orders(conn, store_id, runs.run_key(dag_run_id, store_id))


def record_blockers(store_id: int, dag_run_id: str, dry_run: bool = False) -> dict:
    with closing(connections.commerce_db()) as conn:
        if dry_run:
            return _dry_run.report(conn, store_id, runs.run_key(dag_run_id, store_id))
        summary = record.record_blockers(conn, store_id, runs.run_key(dag_run_id, store_id))
        return {**summary, **_alert_new_blockers(conn, store_id, dag_run_id)}


def _alert_new_blockers(conn: db.Connection, store_id: int, dag_run_id: str) -> dict:
    """One email per store naming the blockers no alert has named yet (see alerts.py).

    An alert that cannot be sent never fails the import: it is logged, and the blockers
    stay unannounced until a later run sends it.
    """
    try:
        counts = alerts.alert_new_blockers(conn, store_id)
    except Exception:  # noqa: BLE001 - the SMTP server's trouble is not the import's
        log.exception("store %d: the new-blocker alert could not be sent; the next run tries again", store_id)
        conn.rollback()
        return {"new_blockers_alerted": 0}
    runs.add_counts(conn, runs.run_key(dag_run_id, store_id), store_id, counts)
    return counts


def confirm_shipments(store_id: int, dag_run_id: str) -> dict:
    with closing(connections.commerce_db()) as conn:
        store = db.fetch_one(conn, "extract/read_store", {"store_id": store_id})
        with connections.sp_api_client(conn, store["seller_id"]) as client:
            return reconcile.confirm_shipments(conn, client, store_id, runs.run_key(dag_run_id, store_id))


def sync_statuses(store_id: int, dag_run_id: str) -> dict:
    with closing(connections.commerce_db()) as conn:
        return reconcile.sync_statuses(conn, store_id, runs.run_key(dag_run_id, store_id))
