"""
### Amazon order reconciliation

Every 5 minutes, for each Amazon store: refresh the orders Amazon changed, confirm
Commerce shipments to Amazon (each exactly once, through the outbox
`amazon.shipment_confirmation`), then make Commerce orders follow Amazon's status:
`Shipped` and fully shipped becomes `complete`, `Canceled` cancels the Commerce order
and releases its stock reservation.

**Alerts**: as the import's (a failed task; a run not done 15 minutes after it was queued).
"""

from __future__ import annotations

from typing import Any

import pendulum
from airflow.sdk import chain, dag, task, task_group

from amazon_orders import tasks
from amazon_orders.alerts import TaskFailureNotifier, overdue_run_deadline
from amazon_orders.assets import COMMERCE_ORDER_STATUSES
from amazon_orders.cluster import SP_API_POOL
from amazon_orders.settings import (
    LIST_STORES_TIMEOUT,
    RECONCILIATION_DAG_ID,
    SP_API_TASK_TIMEOUT,
    SYNC_INTERVAL,
    TASK_DEFAULTS,
)

# Airflow passes `run_id` and `params` to each task by name.


@task(execution_timeout=LIST_STORES_TIMEOUT)
def list_stores(params: dict | None = None) -> list[int]:
    return tasks.list_stores(params)


@task(pool=SP_API_POOL, execution_timeout=SP_API_TASK_TIMEOUT)
def extract_orders(store_id: int, run_id: str | None = None, params: dict | None = None) -> dict:
    return tasks.extract_orders(store_id, run_id, params)


@task(pool=SP_API_POOL, execution_timeout=SP_API_TASK_TIMEOUT)
def confirm_shipments(store_id: int, run_id: str | None = None) -> dict:
    return tasks.confirm_shipments(store_id, run_id)


@task
def sync_statuses(store_id: int, run_id: str | None = None) -> dict:
    return tasks.sync_statuses(store_id, run_id)


@task(outlets=[COMMERCE_ORDER_STATUSES])
def announce_status_changes(store_id: int, run_id: str | None = None, outlet_events: Any = None) -> dict:
    return tasks.announce_status_changes(store_id, run_id, outlet_events)


@task_group
def reconcile_store(store_id: int) -> None:
    chain(
        extract_orders(store_id),
        confirm_shipments(store_id),
        sync_statuses(store_id),
        announce_status_changes(store_id),  # an asset event only when a status changed
    )


@dag(
    dag_id=RECONCILIATION_DAG_ID,
    schedule=SYNC_INTERVAL,
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    deadline=overdue_run_deadline(),
    doc_md=__doc__,
    tags=["amazon", "orders", "reconciliation"],
    default_args={**TASK_DEFAULTS, "on_failure_callback": [TaskFailureNotifier()]},
)
def amazon_order_reconciliation() -> None:
    reconcile_store.expand(store_id=list_stores())


amazon_order_reconciliation()
