"""
### Amazon order reconciliation

Every 5 minutes, for each Amazon store: refresh the orders Amazon changed, confirm
Commerce shipments to Amazon (each exactly once, through the outbox
`amazon.shipment_confirmation`), then make Commerce orders follow Amazon's status:
`Shipped` and fully shipped becomes `complete`, `Canceled` cancels the Commerce order
and releases its stock reservation.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import dag, get_current_context, task, task_group
from amazon_orders import steps
from amazon_orders.alerts import TaskFailureNotifier
from amazon_orders.cluster import SP_API_POOL
from amazon_orders.settings import SYNC_INTERVAL, TASK_DEFAULTS


def _run_id() -> str:
    return get_current_context()["run_id"]


@task
def list_stores() -> list[int]:
    return steps.store_ids()


@task(pool=SP_API_POOL)
def extract_orders(store_id: int) -> dict:
    return steps.extract_orders(store_id, _run_id())


@task(pool=SP_API_POOL)
def confirm_shipments(store_id: int, extracted: dict) -> dict:
    return steps.confirm_shipments(store_id, _run_id())


@task
def sync_statuses(store_id: int, confirmed: dict) -> dict:
    return steps.sync_statuses(store_id, _run_id())


@task_group
def reconcile_store(store_id: int) -> None:
    sync_statuses(store_id, confirm_shipments(store_id, extract_orders(store_id)))


@dag(
    dag_id="amazon_order_reconciliation",
    schedule=SYNC_INTERVAL,
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    doc_md=__doc__,
    tags=["amazon", "orders", "reconciliation"],
    default_args={**TASK_DEFAULTS, "on_failure_callback": [TaskFailureNotifier()]},
)
def amazon_order_reconciliation() -> None:
    reconcile_store.expand(store_id=list_stores())


amazon_order_reconciliation()
