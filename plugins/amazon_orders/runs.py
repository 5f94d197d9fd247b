"""Run keys and run counts: one row per store per DAG run in amazon.import_run."""

from __future__ import annotations

from psycopg2.extras import Json

from amazon_orders import db
from amazon_orders.db import Connection


def run_key(dag_run_id: str, store_id: int) -> str:
    return f"{dag_run_id}/store-{store_id}"


def dag_run_of(run_key: str) -> str:
    """The DAG run id a run key belongs to (its other stores' run keys share it)."""
    return run_key.rsplit("/store-", 1)[0]


def add_counts(conn: Connection, run_key: str, store_id: int, counts: dict) -> dict:
    """Add a step's counts to the run's; return all counts of the run so far."""
    row = db.fetch_one(
        conn, "extract/add_run_counts", {"run_key": run_key, "store_id": store_id, "counts": Json(counts)}
    )
    return row["counts"]
