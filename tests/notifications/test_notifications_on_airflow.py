"""Done when (issue 22): Airflow's scheduler and triggerer run, an order changes at the simulator, and
its Commerce order is created by the event-driven DAG before any poll: the queue's Asset watcher
(MessageQueueTrigger on the local SQS server) starts amazon_order_notifications, which imports it."""

from __future__ import annotations

import json
import time
from contextlib import closing

import pytest

from amazon_orders import db, notifications
from amazon_orders.settings import IMPORT_DAG_ID, NOTIFICATIONS_AWS_CONN_ID, NOTIFICATIONS_DAG_ID
from sp_api_simulator import SimulatorControl
from tests import views
from tests.operator.server import airflow_over
from tests.worlds import listing, order, product, world

SELLER = "A2SELLERUS"


def _subscribe(queue_arn: str):
    def subscribe(sp_api: dict) -> None:
        import os

        os.environ["AIRFLOW_CONN_AMAZON_SP_API"] = json.dumps(sp_api)
        try:
            notifications.setup(queue_arn, "amazon-orders")
        finally:
            del os.environ["AIRFLOW_CONN_AMAZON_SP_API"]

    return subscribe


def _commerce_order(db_url: str, order_id: str) -> int | None:
    with closing(db.connect(db_url)) as conn:
        rows = views.query(
            conn, 'SELECT commerce_order_id FROM amazon."order" WHERE amazon_order_id = %s', (order_id,)
        )
    return rows[0]["commerce_order_id"] if rows else None


@pytest.mark.dagrun
def test_a_notified_order_reaches_commerce_through_the_event_driven_dag(
    db_url, sim_url, sqs, queue, tmp_path
):
    document = world(catalog=[product("MUG")], listings=[listing("MUG")])
    extra_env = {
        "AMAZON_ORDERS_NOTIFICATIONS_QUEUE_URL": queue.url,
        "AMAZON_ORDERS_NOTIFICATIONS_POLL_SECONDS": "1",
        f"AIRFLOW_CONN_{NOTIFICATIONS_AWS_CONN_ID.upper()}": json.dumps(sqs.aws_connection()),
    }
    with airflow_over(
        document,
        db_url,
        sim_url,
        tmp_path,
        extra_env=extra_env,
        schedule=True,
        unpause=(NOTIFICATIONS_DAG_ID,),  # no poll: only the notification can bring the order
        before_start=_subscribe(queue.arn),
    ) as airflow:
        token = airflow.token()
        time.sleep(5)  # the triggerer picks up the watcher's trigger
        new = order(7, ("AMZ-MUG", 1), purchased="2026-11-20T11:59:30Z")
        changed_at = time.monotonic()
        SimulatorControl(sim_url).put_order(SELLER, new["order"], new["items"])
        order_id = new["order"]["AmazonOrderId"]

        deadline = changed_at + 240
        while _commerce_order(db_url, order_id) is None and time.monotonic() < deadline:
            time.sleep(1)
        latency = time.monotonic() - changed_at
        assert _commerce_order(db_url, order_id) is not None, airflow.processes.tails()

        runs = airflow.api("GET", f"/api/v2/dags/{NOTIFICATIONS_DAG_ID}/dagRuns", token).json()["dag_runs"]
        assert runs and runs[0]["run_type"] == "asset_triggered"
        assert airflow.api("GET", f"/api/v2/dags/{IMPORT_DAG_ID}/dagRuns", token).json()["dag_runs"] == []
        with closing(db.connect(db_url)) as conn:
            [kept] = views.query(conn, "SELECT outcome, dag_run_id FROM amazon.order_notification")
        assert kept["outcome"] == "fetched" and kept["dag_run_id"] == runs[0]["dag_run_id"]
        print(f"order change to Commerce order: {latency:.1f}s")
