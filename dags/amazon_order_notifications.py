"""
### Amazon order notifications

Near-real-time import: Amazon sends an ORDER_CHANGE notification to an SQS queue seconds after an
order changes; the queue's Asset watcher (on the triggerer) starts this DAG with the messages. Each
notification is kept once by its NotificationId, one no newer than the stored copy of its order is
dropped, and the rest are fetched with v2026 getOrder (paced per seller), then go through the same
candidates, validation, load and blockers as `amazon_order_import`, under the same locks, for just
those orders.

The 5-minute `amazon_order_import` stays the source of truth: a notification lost, late, or whose
run failed is imported by the next poll. Without a queue (`AMAZON_ORDERS_NOTIFICATIONS_QUEUE_URL`)
this DAG never starts. Setup: `python -m amazon_orders.notifications setup`; docs/notifications.md.

Tables: `amazon.order_notification`, `amazon.orders_grid`, `commerce.sales_order`. The logic lives
in the `amazon_orders` package.
"""

from __future__ import annotations

from typing import Any

import pendulum
from airflow.sdk import chain, dag, task, task_group

from amazon_orders import tasks
from amazon_orders.alerts import TaskFailureNotifier
from amazon_orders.assets import COMMERCE_ORDERS_CREATED, order_changes
from amazon_orders.cluster import SP_API_POOL
from amazon_orders.settings import (
    LIST_STORES_TIMEOUT,
    NOTIFICATIONS_DAG_ID,
    SP_API_TASK_TIMEOUT,
    TASK_DEFAULTS,
)

# Airflow passes `run_id` and `triggering_asset_events` to each task by name.


@task(execution_timeout=LIST_STORES_TIMEOUT)
def keep_notifications(triggering_asset_events: Any = None, run_id: str | None = None) -> list[int]:
    return tasks.keep_notifications(triggering_asset_events, run_id)


@task(pool=SP_API_POOL, execution_timeout=SP_API_TASK_TIMEOUT)
def fetch_notified_orders(store_id: int, run_id: str | None = None) -> dict:
    return tasks.fetch_notified_orders(store_id, run_id)


@task
def select_candidates(store_id: int, run_id: str | None = None) -> dict:
    return tasks.select_notified_candidates(store_id, run_id)


@task
def validate_candidates(store_id: int, run_id: str | None = None) -> dict:
    return tasks.validate_candidates(store_id, run_id)


@task
def create_commerce_orders(store_id: int, run_id: str | None = None) -> dict:
    return tasks.create_commerce_orders(store_id, run_id, {})


@task
def record_blockers(store_id: int, run_id: str | None = None) -> dict:
    return tasks.record_blockers(store_id, run_id, {})


@task(outlets=[COMMERCE_ORDERS_CREATED])
def announce_created_orders(store_id: int, run_id: str | None = None, outlet_events: Any = None) -> dict:
    return tasks.announce_created_orders(store_id, run_id, outlet_events)


@task_group
def import_store(store_id: int) -> None:
    created = create_commerce_orders(store_id)
    chain(
        fetch_notified_orders(store_id),
        select_candidates(store_id),
        validate_candidates(store_id),
        created,
        record_blockers(store_id),
    )
    created >> announce_created_orders(store_id)  # an asset event only when it created orders


@dag(
    dag_id=NOTIFICATIONS_DAG_ID,
    schedule=[order_changes()],
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,  # events that arrive meanwhile start the next run, all of them at once
    doc_md=__doc__,
    tags=["amazon", "orders", "import", "notifications"],
    default_args={**TASK_DEFAULTS, "on_failure_callback": [TaskFailureNotifier()]},
)
def amazon_order_notifications() -> None:
    import_store.expand(store_id=keep_notifications())


amazon_order_notifications()
