"""Operator runs: a dry run's report, and a replayed window's orders.

A dry run validates like any run but creates no Commerce order, reservation or blocker;
this module says what it would have done, in the log and in the run's counts.
"""

from __future__ import annotations

import logging
from datetime import datetime

from amazon_orders import db, runs
from amazon_orders.db import Connection

log = logging.getLogger(__name__)


def orders_purchased_between(
    conn: Connection, store_id: int, purchased_from: datetime | None, purchased_to: datetime | None
) -> list[str]:
    rows = db.fetch_all(
        conn,
        "operator/orders_purchased_between",
        {"store_id": store_id, "purchased_from": purchased_from, "purchased_to": purchased_to},
    )
    return [r["amazon_order_id"] for r in rows]


def skip_load(conn: Connection, store_id: int, run_key: str) -> dict:
    """The load step of a dry run: nothing written but the run's counts."""
    log.info("run %s: dry run, no Commerce order created", run_key)
    return runs.add_counts(conn, run_key, store_id, {"dry_run": True})


def report(conn: Connection, store_id: int, run_key: str) -> dict:
    """The record step of a dry run: count what would have been imported and blocked."""
    importable = db.fetch_one(conn, "operator/dry_run_importable", {"run_key": run_key})["orders"]
    blocked = {
        r["reason"]: r["orders"] for r in db.fetch_all(conn, "operator/dry_run_blocked", {"run_key": run_key})
    }
    summary = runs.add_counts(
        conn, run_key, store_id, {"dry_run": True, "would_import": importable, "would_block": blocked}
    )
    log.info(
        "run %s: dry run: would import %d, would block %d (%s); nothing written",
        run_key,
        importable,
        sum(blocked.values()),
        ", ".join(f"{k} {v}" for k, v in blocked.items()) or "none",
    )
    return summary
