"""The backfill DAG's task: one store's history pulled in bounded chunks, resumable.

Opens its own connections like the other tasks; the work is `pipeline.extract.backfill_store`.
"""

from __future__ import annotations

from contextlib import closing
from datetime import timedelta

from amazon_orders import connections, db, runs
from amazon_orders.pipeline import extract
from amazon_orders.sp_api.timestamps import parse_amazon_time


def backfill_store(store_id: int, dag_run_id: str, start: str | None = None, end: str | None = None,
                   chunk_days: float = 7, max_chunks: int | None = None) -> dict:
    """Pull the store's orders purchased in [start, end) (start: its integration; end: now), chunk by chunk.

    A backfill left running by a failed run is resumed where it stopped.
    """
    if chunk_days <= 0:
        raise ValueError(f"chunk_days must be positive, not {chunk_days}")
    with closing(connections.commerce_db()) as conn:
        store = db.fetch_one(conn, "extract/read_store", {"store_id": store_id})
        with connections.sp_api_client(conn, store["seller_id"]) as client:
            return extract.backfill_store(
                conn, client, store_id, runs.run_key(dag_run_id, store_id),
                start=parse_amazon_time(start) if start else None, end=parse_amazon_time(end) if end else None,
                chunk=timedelta(days=chunk_days), max_chunks=max_chunks)
