"""One store's failure (bad credentials, an outage) is recorded and does not stop the other stores.

The DAGs map one task group per store; here each store's steps run as the mapped tasks would (the
DAG's own task callables, with the Airflow connections from the environment), and once through a real
`airflow dags test` run.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from amazon_orders import credentials
from amazon_orders.settings import IMPORT_DAG_ID
from amazon_orders.sp_api import SpApiError
from amazon_orders.sp_api.model import LWA_TOKEN_PATH, ORDERS_V0
from local_harness.local_airflow import DagRunFailed
from local_harness.scenario import load_scenario
from local_harness.scenario.runner import ScenarioRunner
from tests.views import query
from tests.worlds import listing, order, product, store, world

STORES = [store(), store("EU Store", seller_id="A2SELLEREU"), store("JP Store", seller_id="A2SELLERJP")]


def three_stores() -> dict:
    return world(
        *(order(10 * s + 1, ("AMZ-MUG", 1), store_name=st["name"]) for s, st in enumerate(STORES, 1)),
        stores=STORES,
        catalog=[product("MUG")],
        listings=[listing("MUG", store_name=st["name"]) for st in STORES],
    )


def break_stores(runner: ScenarioRunner) -> None:
    """EU's refresh token is revoked on Amazon's side; JP's seller has an outage."""
    runner.sim.add_seller("A2SELLEREU", "Atzr|a-new-token-the-connection-does-not-have")
    runner.sim.inject_fault("getOrders", "error503", count=1000, seller_id="A2SELLERJP")


def store_ids(conn) -> dict[str, int]:
    return {r["name"]: r["store_id"] for r in query(conn, "SELECT name, store_id FROM amazon.store")}


def imported(conn) -> set[str]:
    return {r["ext_order_id"] for r in query(conn, "SELECT ext_order_id FROM commerce.sales_order")}


def test_a_failing_store_fails_alone(world_loaded, conn):
    runner = world_loaded(three_stores(), orders_api=ORDERS_V0)  # break_stores faults v0's getOrders
    break_stores(runner)
    dag_run_id = f"manual__{uuid.uuid4()}"
    outcome = {}
    for name, store_id in store_ids(conn).items():  # one mapped task group per store
        try:
            runner.dags.run_store(IMPORT_DAG_ID, store_id, dag_run_id)
            outcome[name] = "success"
        except credentials.AccessRefused as refused:  # the operator's message went out; no retries
            outcome[name] = f"{refused.__cause__.operation}: {refused.__cause__.code}"
        except SpApiError as error:
            outcome[name] = f"{error.operation}: {error.code}"
    assert outcome == {
        "US Store": "success",
        "EU Store": "token: invalid_grant",
        "JP Store": "getOrders: ServiceUnavailable",
    }
    assert imported(conn) == {"111-0000011-0000011"}
    logged = query(
        conn,
        """
        SELECT s.name, l.operation, l.status, l.error_code, l.gave_up FROM amazon.api_call_log l
        JOIN amazon.store s USING (store_id) ORDER BY l.call_id""",
    )
    assert {(r["name"], r["operation"], r["status"], r["error_code"]) for r in logged} == {
        ("EU Store", "token", 400, "invalid_grant"),
        ("JP Store", "getOrders", 503, "ServiceUnavailable"),
    }
    assert [r["gave_up"] for r in logged if r["name"] == "JP Store"][-1] is True
    # Nothing half-done: the failing stores' watermarks did not move.
    marks = {
        r["name"] for r in query(conn, "SELECT name FROM amazon.watermark JOIN amazon.store USING (store_id)")
    }
    assert marks == {"US Store"}


@pytest.mark.dagrun
def test_a_failing_store_fails_alone_in_a_real_dag_run(db_url, sim_url, conn, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("AMAZON_ORDERS_TASK_RETRIES", "1")
    monkeypatch.setenv("AMAZON_ORDERS_RETRY_DELAY_SECONDS", "1")
    path = tmp_path / "scenario.yaml"
    path.write_text(json.dumps(three_stores()))
    runner = ScenarioRunner(
        load_scenario(path), db_url, sim_url, sim_url + LWA_TOKEN_PATH, airflow_home=tmp_path / "airflow"
    )
    runner.load()
    runner.sim.add_seller("A2SELLEREU", "Atzr|a-new-token-the-connection-does-not-have")
    with pytest.raises(DagRunFailed) as failed:
        runner.sync("amazon_order_import")
    assert imported(conn) == {"111-0000011-0000011", "111-0000031-0000031"}  # US and JP completed
    log = Path(str(failed.value).rsplit("log: ", 1)[1]).read_text(errors="replace")
    assert "invalid_grant" in log
    assert (
        query(conn, "SELECT count(*) AS n FROM amazon.api_call_log WHERE error_code = 'invalid_grant'")[0][
            "n"
        ]
        >= 1
    )
