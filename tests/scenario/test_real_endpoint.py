"""`make demo` against an SP-API that is not the simulator: only the steps on our side are played,
and a scenario that needs the simulator's control paths is refused before anything is written."""

from __future__ import annotations

import json
from contextlib import closing
from datetime import timedelta

import pytest
import yaml

from amazon_orders import db
from amazon_orders.sp_api.model import LWA_TOKEN_PATH
from amazon_orders.sp_api.model.timestamps import format_amazon_time
from local_harness import demo
from local_harness.environment import DEMO_SCENARIO
from local_harness.ports import free_port
from local_harness.scenario import load_scenario
from local_harness.scenario.runner import simulator_needs
from sp_api_simulator import SimulatorControl
from tests.scenario.stand_in import stand_in
from tests.views import query
from tests.worlds import IMPORT, RECONCILE, listing, order, product, world


def test_the_parts_only_the_simulator_can_play_are_named(tmp_path):
    document = world(
        order(1, ("AMZ-MUG", 1)),
        catalog=[product("MUG", qty=5)],
        listings=[listing("MUG")],
        steps=[
            IMPORT,
            {"amazon_status": {"order": "111-0000001-0000001", "status": "Shipped"}},
            {"set_stock": {"sku": "MUG", "qty": 3}},
            {"advance_clock": {"minutes": 5}},
            RECONCILE,
        ],
    )
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(document))
    assert simulator_needs(load_scenario(path)) == [
        "orders (1)",
        "now",
        "step 2: amazon_status",
        "step 4: advance_clock",
    ]
    commerce_only = world(
        catalog=[product("MUG", qty=5)], listings=[listing("MUG")], steps=[IMPORT, RECONCILE]
    )
    del commerce_only["now"]  # Amazon's clock is its own
    path.write_text(yaml.safe_dump(commerce_only))
    assert simulator_needs(load_scenario(path)) == []


def test_the_demo_refuses_a_simulator_scenario_for_a_real_endpoint(monkeypatch, capsys):
    nobody = f"http://127.0.0.1:{free_port()}"  # answers nothing: not the simulator
    monkeypatch.setenv("SP_API_ENDPOINT", nobody)
    # A database that does not exist: a refusal that wrote anything would fail here instead.
    monkeypatch.setenv("COMMERCE_DB_URL", "postgresql://127.0.0.1:1/never_written")
    assert demo.main(["--scenario", str(DEMO_SCENARIO)]) == 2
    refused = capsys.readouterr().err
    assert f"{nobody} is not the SP-API simulator" in refused
    assert f"orders ({len(load_scenario(DEMO_SCENARIO).orders)})" in refused
    assert "amazon_status" in refused and "amazon_cancel" in refused


def test_a_real_endpoint_needs_its_credentials(monkeypatch):
    monkeypatch.delenv("AIRFLOW_CONN_AMAZON_SP_API", raising=False)
    with pytest.raises(SystemExit, match="AIRFLOW_CONN_AMAZON_SP_API"):
        demo.real_endpoint_connection(
            "https://sandbox.sellingpartnerapi-na.amazon.com", "https://api.amazon.com"
        )


@pytest.mark.dagrun
def test_the_demo_plays_the_steps_on_our_side_against_a_real_endpoint(
    db_url, sim_url, tmp_path, monkeypatch, capsys
):
    # Amazon's side exists already (here: seeded into the simulator behind the stand-in).
    sim = SimulatorControl(sim_url)
    sim.add_seller("A2SELLERUS", "refresh-token-us", "client-id", "client-secret")
    placed = order(1, ("AMZ-LAMP", 1), purchased=format_amazon_time(sim.now() - timedelta(minutes=30)))
    sim.put_order("A2SELLERUS", placed["order"], placed["items"])
    document = world(
        catalog=[product("MUG", qty=5), product("LAMP", qty=0)],
        listings=[listing("MUG"), listing("LAMP")],
        steps=[IMPORT, {"set_stock": {"sku": "LAMP", "qty": 3}}, IMPORT, RECONCILE],
    )
    del document["now"]
    path = tmp_path / "commerce_only.yaml"
    path.write_text(yaml.safe_dump(document))
    credentials = {
        "conn_type": "http",
        "login": "client-id",
        "password": "client-secret",
        "extra": {"refresh_tokens": {"A2SELLERUS": "refresh-token-us"}},
    }
    with stand_in(sim_url) as endpoint:
        assert not demo.is_simulator(endpoint)
        monkeypatch.setenv("SP_API_ENDPOINT", endpoint)
        monkeypatch.setenv("LWA_ENDPOINT", endpoint + LWA_TOKEN_PATH)
        monkeypatch.setenv("COMMERCE_DB_URL", db_url)
        monkeypatch.setenv("AIRFLOW_CONN_AMAZON_SP_API", json.dumps(credentials))
        assert demo.main(["--scenario", str(path)]) == 0
    out = capsys.readouterr().out
    assert "step 2: set_stock" in out
    with closing(db.connect(db_url)) as conn:
        [imported] = query(conn, "SELECT ext_order_id, status FROM commerce.sales_order")
    assert (imported["ext_order_id"], imported["status"]) == ("111-0000001-0000001", "processing")
