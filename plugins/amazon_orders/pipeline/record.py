"""Record: blockers opened, re-counted or resolved; Order Notes; the run's counts.

The system message needs no writing: `amazon.system_messages` is derived from the open
blockers, so it can never disagree with them.
"""

from __future__ import annotations

import logging

from amazon_orders import db, runs
from amazon_orders.db import Connection
from amazon_orders.rules import IMPORTABLE_AT, RESERVE_WHILE, SQL_CODES

log = logging.getLogger(__name__)


def record_blockers(conn: Connection, store_id: int, run_key: str) -> dict:
    """Bring blockers and notes up to date with the run; log and return the run's counts."""
    params = {
        **SQL_CODES,
        "store_id": store_id,
        "run_key": run_key,
        "reserve_while": [s.value for s in RESERVE_WHILE],
        "importable_at": [s.value for s in IMPORTABLE_AT],
    }
    with db.transaction(conn) as cur:
        cur.execute(db.sql("record/upsert_blockers"), params)
        cur.execute(db.sql("record/resolve_blockers"), params)
        resolved = cur.rowcount
        cur.execute(db.sql("record/write_standing_notes"), params)
        cur.execute(db.sql("record/count_open_blockers"), params)
        open_blockers = {row["reason"]: row["blockers"] for row in cur.fetchall()}
    summary = runs.add_counts(
        conn, run_key, store_id, {"blockers_resolved": resolved, "open_blockers": open_blockers}
    )
    store = db.fetch_one(conn, "extract/read_store", {"store_id": store_id})
    log.info("store %r: %s", store["name"], _describe(summary))
    return summary


def _describe(summary: dict) -> str:
    parts = []
    for key, value in summary.items():
        if isinstance(value, dict):
            inner = ", ".join(f"{k} {v}" for k, v in value.items()) or "none"
            parts.append(f"{key.replace('_', ' ')}: {inner}")
        else:
            parts.append(f"{key.replace('_', ' ')} {value}")
    return "; ".join(parts)
