"""Alerts through Airflow's SMTP notifier into a real SMTP server: new blockers once each
(not at every run), and a failed task; nothing personal in them."""

from __future__ import annotations

from datetime import timedelta

import pytest
import yaml

from amazon_orders import alerts
from amazon_orders.rules import FIX, Reason
from amazon_orders.sp_api.model import LWA_TOKEN_PATH
from local_harness.local_airflow import DagRunFailed
from local_harness.scenario import load_scenario
from local_harness.scenario.runner import ScenarioRunner
from tests import views
from tests.operator.smtp_sink import smtp_sink
from tests.worlds import IMPORT, listing, order, product, world

LAMP, TEE, KETTLE = "111-0000002-0000002", "111-0000003-0000003", "111-0000004-0000004"


def _world(steps: list) -> dict:
    return world(
        order(1, ("AMZ-MUG", 1), BuyerInfo={"BuyerName": "Jane Doe", "BuyerEmail": "jane@example.com"}),
        order(2, ("AMZ-LAMP", 1), BuyerInfo={"BuyerName": "Jane Doe", "BuyerEmail": "jane@example.com"}),
        order(3, ("AMZ-TEE", 1)),
        catalog=[product("MUG"), product("TEE", enabled=False)],
        listings=[listing("MUG"), listing(None, "AMZ-LAMP"), listing("TEE")],
        steps=steps,
    )


def test_new_blockers_are_announced_once(play, conn, monkeypatch):
    with smtp_sink() as (sink, connection):
        monkeypatch.setenv("AIRFLOW_CONN_AMAZON_ALERTS_SMTP", connection)
        runner = play(_world([IMPORT]))  # the import's record task announces its new blockers
        [counts] = views.query(conn, "SELECT counts FROM amazon.import_run")
        assert counts["counts"]["new_blockers_alerted"] == 2
        [message] = sink.messages
        assert message["Subject"] == "[Amazon orders] US Store: 2 order(s) cannot be imported"
        assert message["X-Envelope-To"] == "ops@example.com, oncall@example.com"
        [body] = sink.bodies()
        assert LAMP in body and TEE in body
        assert FIX[Reason.NOT_IN_CATALOG] in body and FIX[Reason.PRODUCT_DISABLED] in body
        assert "Jane" not in body and "jane@example.com" not in body

        # The next sync finds the same blockers: no new alert.
        runner.sync("amazon_order_import")
        assert alerts.alert_new_blockers(conn, 1) == {"new_blockers_alerted": 0}
        assert len(sink.messages) == 1

        # A new blocked order: an alert naming it alone.
        just_now = (runner.sim.now() - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
        kettle = order(4, ("AMZ-KETTLE", 1), purchased=just_now)
        runner.sim.put_order("A2SELLERUS", kettle["order"], kettle["items"])
        runner.sync("amazon_order_import")
        assert len(sink.messages) == 2
        assert alerts.alert_new_blockers(conn, 1) == {"new_blockers_alerted": 0}  # said once
        assert KETTLE in sink.bodies()[1] and LAMP not in sink.bodies()[1]


def test_without_the_connection_nothing_is_sent_and_nothing_is_marked(play, conn, monkeypatch):
    monkeypatch.delenv("AIRFLOW_CONN_AMAZON_ALERTS_SMTP", raising=False)
    play(_world([IMPORT]))
    assert alerts.alert_new_blockers(conn, 1) == {"new_blockers_alerted": 0}
    with smtp_sink() as (sink, connection):  # configured later: the blockers are still announced
        monkeypatch.setenv("AIRFLOW_CONN_AMAZON_ALERTS_SMTP", connection)
        assert alerts.alert_new_blockers(conn, 1) == {"new_blockers_alerted": 2}
        assert len(sink.messages) == 1


@pytest.mark.dagrun
def test_the_dag_alerts_new_blockers_once_and_failed_tasks(db_url, sim_url, tmp_path, monkeypatch):
    with smtp_sink() as (sink, connection):
        monkeypatch.setenv("AIRFLOW_CONN_AMAZON_ALERTS_SMTP", connection)
        monkeypatch.setenv("AMAZON_ORDERS_TASK_RETRIES", "0")
        path = tmp_path / "scenario.yaml"
        path.write_text(yaml.safe_dump(_world([IMPORT, IMPORT]), sort_keys=False))
        runner = ScenarioRunner(load_scenario(path), db_url, sim_url, sim_url + LWA_TOKEN_PATH)
        runner.play()  # two real `airflow dags test` runs of the import
        assert [m["Subject"] for m in sink.messages] == [
            "[Amazon orders] US Store: 2 order(s) cannot be imported"
        ]

        with pytest.raises(DagRunFailed):
            runner.dags.dags_test("amazon_order_import", {"stores": ["No Such Store"]})
        assert len(sink.messages) == 2
        failure = sink.messages[1]
        assert failure["Subject"] == "[Airflow] amazon_order_import: task list_stores failed"
        assert "ValueError: unknown store(s) [&#x27;No Such Store&#x27;]" in sink.bodies()[1]


def test_an_alert_that_cannot_be_sent_never_fails_the_import(play, conn, db_url, monkeypatch):
    from amazon_orders import tasks
    from tests import views

    play(_world([IMPORT]))
    [run] = views.query(conn, "SELECT run_key FROM amazon.import_run ORDER BY started_at DESC LIMIT 1")
    dag_run_id = run["run_key"].rsplit("/store-", 1)[0]
    monkeypatch.setenv("AIRFLOW_CONN_COMMERCE_DB", db_url)
    with smtp_sink() as (sink, connection):
        pass  # the sink is gone again: its port refuses connections
    monkeypatch.setenv("AIRFLOW_CONN_AMAZON_ALERTS_SMTP", connection)
    assert tasks.record_blockers(1, dag_run_id, {})["new_blockers_alerted"] == 0  # the record step succeeds
    assert views.query(conn, "SELECT count(*) AS n FROM amazon.blocker WHERE alerted_at IS NULL")[0]["n"] == 2
    with smtp_sink() as (sink, connection):
        monkeypatch.setenv("AIRFLOW_CONN_AMAZON_ALERTS_SMTP", connection)
        assert tasks.record_blockers(1, dag_run_id, {})["new_blockers_alerted"] == 2  # the next run sends it
        assert len(sink.messages) == 1
