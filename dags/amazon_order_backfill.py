"""
### Amazon order backfill

Triggered by hand: pull a store's order history from Amazon (by purchase date, from the
store's integration onward unless told otherwise) in bounded chunks, into the Amazon orders
table, without touching the import's watermark. Each chunk commits with its progress
(`amazon.backfill`), so a failed run is resumed by triggering the DAG again.
Orders pulled this way are imported by the next `amazon_order_import` run as usual.

**Trigger form**: the stores, the window, the chunk size, and an optional cap on chunks per run.

**Alerts**: a failed task is emailed through the SMTP connection `amazon_alerts_smtp` when it exists.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import Param, dag, task

from amazon_orders import tasks
from amazon_orders.alerts import TaskFailureNotifier
from amazon_orders.cluster import SP_API_POOL
from amazon_orders.settings import (
    BACKFILL_CHUNK_DAYS,
    BACKFILL_DAG_ID,
    BACKFILL_TASK_TIMEOUT,
    LIST_STORES_TIMEOUT,
    TASK_DEFAULTS,
)

# Airflow passes `run_id` and `params` (the trigger form) to each task by name.


@task(execution_timeout=LIST_STORES_TIMEOUT)
def list_stores(params: dict | None = None) -> list[int]:
    return tasks.list_stores(params)


@task(pool=SP_API_POOL, execution_timeout=BACKFILL_TASK_TIMEOUT)
def backfill_store(store_id: int, run_id: str | None = None, params: dict | None = None) -> dict:
    return tasks.backfill_store(store_id, run_id, params)


@dag(
    dag_id=BACKFILL_DAG_ID,
    schedule=None,
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    doc_md=__doc__,
    tags=["amazon", "orders", "backfill"],
    default_args={**TASK_DEFAULTS, "on_failure_callback": [TaskFailureNotifier()]},
    params={
        "stores": Param(
            [],
            type="array",
            items={"type": "string"},
            title="Stores",
            description="Names of the stores to backfill; empty means every store.",
        ),
        "start": Param(
            None,
            type=["null", "string"],
            format="date-time",
            title="From (purchase date)",
            description="Start of the window; empty means the store's integration.",
        ),
        "end": Param(
            None,
            type=["null", "string"],
            format="date-time",
            title="Until (purchase date)",
            description="End of the window; empty means now (Amazon's clock, minus 2 minutes).",
        ),
        "chunk_days": Param(
            BACKFILL_CHUNK_DAYS,
            type="number",
            exclusiveMinimum=0,
            maximum=31,
            title="Chunk (days)",
            description="Days of purchases asked per getOrders query; each commits on its own.",
        ),
        "max_chunks": Param(
            None,
            type=["null", "integer"],
            minimum=1,
            title="Chunks per run",
            description="Stop after this many chunks (trigger again to continue); empty: all.",
        ),
    },
)
def amazon_order_backfill() -> None:
    backfill_store.expand(store_id=list_stores())


amazon_order_backfill()
