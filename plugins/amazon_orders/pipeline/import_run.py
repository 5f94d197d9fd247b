"""One store's import and reconciliation, step by step, outside Airflow.

The DAGs run the same steps as separate tasks; this sequence is for the tests' fast
in-process runs and for scripts.
"""

from __future__ import annotations

from amazon_orders import crashpoints
from amazon_orders.db import Connection
from amazon_orders.pipeline import candidates, extract, load, reconcile, record, validate
from amazon_orders.sp_api import SpApiClient


def import_store(conn: Connection, client: SpApiClient, store_id: int, run_key: str,
                 only_orders: list[str] | None = None) -> dict:
    extract.extract_orders(conn, client, store_id, run_key)
    candidates.select_candidates(conn, store_id, run_key, only_orders)
    validate.validate_candidates(conn, store_id, run_key)
    load.create_commerce_orders(conn, store_id, run_key)
    crashpoints.reached("import:before_record")
    return record.record_blockers(conn, store_id, run_key)


def reconcile_store(conn: Connection, client: SpApiClient, store_id: int, run_key: str) -> dict:
    extract.extract_orders(conn, client, store_id, run_key)
    reconcile.confirm_shipments(conn, client, store_id, run_key)
    return reconcile.sync_statuses(conn, store_id, run_key)
