"""
### Personal data retention

Daily: removes the buyer's name, email, address and phone from the raw Amazon copies
(`amazon.order` and `amazon.order_item` payloads, the stored SP-API answers in
`amazon.api_response`, the typed email and address) of orders that are final (Shipped,
Canceled) for more than the retention period: 30 days by default, the setting
`AMAZON_ORDERS_PERSONAL_DATA_RETENTION_DAYS`, or the trigger form's *Retention (days)* for one
run. Everything else of a copy stays; the Commerce order, the merchant's record, is not
touched; the grid keeps the buyer's name. Idempotent: a run repeated changes nothing; an order
fetched again since is cleaned again. Counts are in the task's log and return value.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import Param, dag, task

from amazon_orders import tasks
from amazon_orders.alerts import TaskFailureNotifier
from amazon_orders.settings import PERSONAL_DATA_RETENTION_DAYS, RETENTION_DAG_ID, TASK_DEFAULTS


@task
def remove_personal_data(params: dict | None = None) -> dict:
    return tasks.remove_personal_data(params)


@dag(
    dag_id=RETENTION_DAG_ID,
    schedule="@daily",
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    doc_md=__doc__,
    tags=["amazon", "orders", "personal data"],
    default_args={**TASK_DEFAULTS, "on_failure_callback": [TaskFailureNotifier()]},
    params={
        "retention_days": Param(
            PERSONAL_DATA_RETENTION_DAYS,
            type="integer",
            minimum=0,
            title="Retention (days)",
            description="Clean the copies of orders final for more than this many days.",
        ),
    },
)
def amazon_personal_data_retention() -> None:
    remove_personal_data()


amazon_personal_data_retention()
