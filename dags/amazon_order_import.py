"""
### Amazon order import

Every 5 minutes, for each Amazon store: fetch the orders Amazon changed since the
store's watermark, keep an exact copy, check the importable ones against the catalog
and stock with the `importable_order_line` expectation suite, create Commerce orders
for those that pass, and record a blocker (with its reason) for those that do not.
Blocked orders are tried again at every run.

**Trigger form**: limit the run to some stores, re-import given Amazon order ids now,
replay a time window (Amazon's orders last updated in it are fetched again, and only the
orders purchased in it are tried), or make it a dry run (validate and report the would-be
blockers; no Commerce order, reservation or blocker is written).

**Alerts**: a failed task, each new blocker (once), and a run not done 15 minutes (the
setting `AMAZON_ORDERS_RUN_DEADLINE_MINUTES`) after it was queued are emailed through the
SMTP connection `amazon_alerts_smtp` when it exists. Every task has an execution timeout.

Tables: `amazon.orders_grid`, `amazon.open_blockers`, `amazon.system_messages`,
`commerce.sales_order`. The logic lives in the `amazon_orders` package.
"""

from __future__ import annotations

from typing import Any

import pendulum
from airflow.sdk import Param, chain, dag, task, task_group

from amazon_orders import tasks
from amazon_orders.alerts import TaskFailureNotifier, overdue_run_deadline
from amazon_orders.assets import COMMERCE_ORDERS_CREATED
from amazon_orders.cluster import SP_API_POOL
from amazon_orders.settings import (
    IMPORT_DAG_ID,
    LIST_STORES_TIMEOUT,
    SP_API_TASK_TIMEOUT,
    SYNC_INTERVAL,
    TASK_DEFAULTS,
)

# Airflow passes `run_id` and `params` (the trigger form) to each task by name.


@task(execution_timeout=LIST_STORES_TIMEOUT)
def list_stores(params: dict | None = None) -> list[int]:
    return tasks.list_stores(params)


@task(pool=SP_API_POOL, execution_timeout=SP_API_TASK_TIMEOUT)
def extract_orders(store_id: int, run_id: str | None = None, params: dict | None = None) -> dict:
    return tasks.extract_orders(store_id, run_id, params)


@task
def select_candidates(store_id: int, run_id: str | None = None, params: dict | None = None) -> dict:
    return tasks.select_candidates(store_id, run_id, params)


@task
def validate_candidates(store_id: int, run_id: str | None = None) -> dict:
    return tasks.validate_candidates(store_id, run_id)


@task
def create_commerce_orders(store_id: int, run_id: str | None = None, params: dict | None = None) -> dict:
    return tasks.create_commerce_orders(store_id, run_id, params)


@task
def record_blockers(store_id: int, run_id: str | None = None, params: dict | None = None) -> dict:
    return tasks.record_blockers(store_id, run_id, params)


@task(outlets=[COMMERCE_ORDERS_CREATED])
def announce_created_orders(store_id: int, run_id: str | None = None, outlet_events: Any = None) -> dict:
    return tasks.announce_created_orders(store_id, run_id, outlet_events)


@task_group
def import_store(store_id: int) -> None:
    created = create_commerce_orders(store_id)
    chain(
        extract_orders(store_id),
        select_candidates(store_id),
        validate_candidates(store_id),
        created,
        record_blockers(store_id),
    )
    created >> announce_created_orders(store_id)  # an asset event only when it created orders


@dag(
    dag_id=IMPORT_DAG_ID,
    schedule=SYNC_INTERVAL,
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    deadline=overdue_run_deadline(),
    doc_md=__doc__,
    tags=["amazon", "orders", "import"],
    default_args={**TASK_DEFAULTS, "on_failure_callback": [TaskFailureNotifier()]},
    params={
        "stores": Param(
            [],
            type="array",
            items={"type": "string"},
            title="Stores",
            description="Names of the stores to import; empty means every store.",
        ),
        "order_ids": Param(
            [],
            type="array",
            items={"type": "string"},
            title="Amazon order ids",
            description="Re-import only these Amazon orders now; empty means all candidates.",
        ),
        "replay_from": Param(
            None,
            type=["null", "string"],
            format="date-time",
            title="Replay from",
            description="Start of a time window to replay (UTC); empty: from the store's watermark.",
        ),
        "replay_to": Param(
            None,
            type=["null", "string"],
            format="date-time",
            title="Replay to",
            description="End of the window to replay; empty: now (Amazon's clock, minus 2 minutes).",
        ),
        "dry_run": Param(
            False,
            type="boolean",
            title="Dry run",
            description="Validate and report only: create no Commerce order, write no blocker.",
        ),
    },
)
def amazon_order_import() -> None:
    import_store.expand(store_id=list_stores())


amazon_order_import()
