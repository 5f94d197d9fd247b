"""
### Revenue by store and day (an example analyst DAG)

Scheduled on the Asset `commerce_orders_created`, not on the clock: it runs after an import
run that created Commerce orders, and not after one that created none. Its task reads the
events that triggered it (store, run and count in each event's `extra`, never buyer data)
and refreshes revenue per store and day, in the base currency, from `commerce.sales_order`.

Copy it as the start of your own mart or forecast: schedule on `commerce_orders_created`
(new orders) or `commerce_order_statuses` (cancellations, completions).
"""

from __future__ import annotations

from typing import Any

import pendulum
from airflow.sdk import dag, task

from amazon_orders import tasks
from amazon_orders.alerts import TaskFailureNotifier
from amazon_orders.assets import COMMERCE_ORDERS_CREATED
from amazon_orders.settings import REVENUE_EXAMPLE_DAG_ID, TASK_DEFAULTS


@task(inlets=[COMMERCE_ORDERS_CREATED])
def refresh_revenue(triggering_asset_events: Any = None) -> dict:
    return tasks.refresh_revenue_example(triggering_asset_events)


@dag(
    dag_id=REVENUE_EXAMPLE_DAG_ID,
    schedule=[COMMERCE_ORDERS_CREATED],
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    doc_md=__doc__,
    tags=["amazon", "orders", "analysts", "example"],
    default_args={**TASK_DEFAULTS, "on_failure_callback": [TaskFailureNotifier()]},
)
def amazon_orders_revenue_example() -> None:
    refresh_revenue()


amazon_orders_revenue_example()
