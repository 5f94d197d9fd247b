"""The compose trial: `python -m local_harness.trial` loads the demo world with the credentials
of the deployment's `amazon_sp_api` connection, and the DAGs' steps then import with them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from amazon_orders.sp_api.model import LWA_TOKEN_PATH
from local_harness.environment import DEMO_SCENARIO, IMPORT_PATH
from local_harness.scenario import load_scenario
from local_harness.scenario.runner import InProcessDags
from local_harness.trial import load_world
from tests.deployment.test_compose import env_example
from tests.views import grid, query

ROOT = Path(__file__).resolve().parents[2]


def deployment_connection(sim_url: str) -> dict:
    """.env.example's SP-API connection, pointed at this test's simulator instead of the service's."""
    connection = json.loads(env_example()["AIRFLOW_CONN_AMAZON_SP_API"])
    connection["host"] = sim_url
    connection["extra"]["lwa_endpoint"] = sim_url + LWA_TOKEN_PATH
    return connection


def test_env_example_holds_a_token_for_every_demo_seller():
    connection = json.loads(env_example()["AIRFLOW_CONN_AMAZON_SP_API"])
    assert connection["host"] == "http://simulator:8000"
    sellers = {store["seller_id"] for store in load_scenario(DEMO_SCENARIO).stores}
    assert sellers <= set(connection["extra"]["refresh_tokens"])


def test_trial_world_imports_with_the_deployment_credentials(db_url, sim_url, conn):
    connection = deployment_connection(sim_url)
    env = {
        **os.environ,
        "COMMERCE_DB_URL": db_url,
        "AIRFLOW_CONN_AMAZON_SP_API": json.dumps(connection),
        "PYTHONPATH": IMPORT_PATH,
    }
    done = subprocess.run(
        [sys.executable, "-m", "local_harness.trial"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "sellers A2SELLERCA, A2SELLERUK, A2SELLERUS" in done.stdout

    InProcessDags(db_url, connection).dags_test("amazon_order_import")
    rows = grid(conn)
    assert len(rows) == len(load_scenario(DEMO_SCENARIO).orders)
    assert any(r["commerce_status"] for r in rows.values()), "orders imported with the connection's tokens"


def test_trial_refuses_a_connection_without_the_sellers_tokens(db_url, sim_url, conn):
    connection = deployment_connection(sim_url)
    del connection["extra"]["refresh_tokens"]["A2SELLERUK"]
    with pytest.raises(ValueError, match=r"no refresh token for seller\(s\) \['A2SELLERUK'\]"):
        load_world(load_scenario(DEMO_SCENARIO), db_url, connection)
    assert query(conn, "SELECT count(*) AS n FROM amazon.store")[0]["n"] == 0, "nothing written"
