"""A run held up (Amazon's token endpoint does not answer for a while) raises the import's
Deadline Alert: the scheduler sees the deadline pass, the triggerer runs the callback, and the
email reaches a real SMTP server; once the hang ends the run finishes and the next one runs."""

from __future__ import annotations

import time
from contextlib import closing

import pytest

from amazon_orders import db
from sp_api_simulator.control_client import SimulatorControl
from tests import views
from tests.operator.server import airflow_over
from tests.operator.smtp_sink import smtp_sink
from tests.worlds import listing, order, product, world

pytestmark = pytest.mark.dagrun

DEADLINE_MINUTES = 0.25  # 15 seconds after the run is queued
HANG_SECONDS = 25  # the token call's answer is held this long (the client waits up to 30 s)


def _wait_for_alert(sink, timeout: float = 120) -> list[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        subjects = [str(m["Subject"]) for m in sink.messages]
        if subjects:
            return subjects
        time.sleep(1)
    pytest.fail(f"no deadline alert within {timeout:.0f}s")


def test_a_held_up_run_raises_the_deadline_alert(db_url, sim_url, tmp_path):
    document = world(order(1, ("AMZ-MUG", 1)), catalog=[product("MUG")], listings=[listing("MUG")])
    with smtp_sink() as (sink, connection):
        extra_env = {
            "AIRFLOW_CONN_AMAZON_ALERTS_SMTP": connection,
            "AMAZON_ORDERS_RUN_DEADLINE_MINUTES": str(DEADLINE_MINUTES),
        }
        with (
            airflow_over(document, db_url, sim_url, tmp_path, extra_env=extra_env) as airflow,
            closing(db.connect(db_url)) as conn,
        ):
            token = airflow.token()
            SimulatorControl(sim_url).inject_fault("token", "timeout", count=1, delay_seconds=HANG_SECONDS)
            run = airflow.trigger("amazon_order_import", {}, token)

            subject = _wait_for_alert(sink)[0]
            late = f"not done {DEADLINE_MINUTES:g} min after it was queued"
            assert subject == f"[Airflow] amazon_order_import: run {run} {late}"
            assert "still running" in sink.bodies()[0] or "still queued" in sink.bodies()[0]

            # The hang ends: the run finishes, and the next run is not held.
            assert airflow.wait_for_run("amazon_order_import", run, token) == "success"
            assert len(views.query(conn, "SELECT 1 FROM commerce.sales_order")) == 1
            again = airflow.trigger("amazon_order_import", {}, token)
            assert airflow.wait_for_run("amazon_order_import", again, token, timeout=120) == "success"
