"""
### Amazon order backfill

Triggered by hand: pull a store's order history from Amazon (by purchase date, from the
store's integration onward unless told otherwise) in bounded chunks, into the Amazon orders
table, without touching the import's watermark. Each chunk commits with its progress
(`amazon.backfill`), so a failed run is resumed by triggering the DAG again.
Orders pulled this way are imported by the next `amazon_order_import` run as usual.

**Trigger form**: the stores, the window, the chunk size, and an optional cap on chunks per run.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import Param, dag, get_current_context, task
from amazon_orders import backfill, steps
from amazon_orders.cluster import SP_API_POOL
from amazon_orders.settings import TASK_DEFAULTS


@task
def list_stores() -> list[int]:
    return steps.store_ids(get_current_context()["params"]["stores"] or None)


@task(pool=SP_API_POOL)
def backfill_store(store_id: int) -> dict:
    context = get_current_context()
    params = context["params"]
    return backfill.backfill_store(store_id, context["run_id"], params["start"], params["end"],
                                   params["chunk_days"], params["max_chunks"])


@dag(
    dag_id="amazon_order_backfill",
    schedule=None,
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    doc_md=__doc__,
    tags=["amazon", "orders", "backfill"],
    default_args=dict(TASK_DEFAULTS),
    params={
        "stores": Param([], type="array", items={"type": "string"}, title="Stores",
                        description="Names of the stores to backfill; empty means every store."),
        "start": Param(None, type=["null", "string"], format="date-time", title="From (purchase date)",
                       description="Start of the window; empty means the store's integration."),
        "end": Param(None, type=["null", "string"], format="date-time", title="Until (purchase date)",
                     description="End of the window; empty means now (Amazon's clock, minus 2 minutes)."),
        "chunk_days": Param(7, type="number", exclusiveMinimum=0, maximum=31, title="Chunk (days)",
                            description="Days of purchases asked per getOrders query; each commits on its own."),
        "max_chunks": Param(None, type=["null", "integer"], minimum=1, title="Chunks per run",
                            description="Stop after this many chunks (trigger again to continue); empty: all."),
    },
)
def amazon_order_backfill() -> None:
    backfill_store.expand(store_id=list_stores())


amazon_order_backfill()
