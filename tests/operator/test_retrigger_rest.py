"""Re-triggering imports with the trigger form's Params, through the REST API v2 of a
running Airflow API server (simple auth manager login, real scheduler and executor)."""

from __future__ import annotations

from contextlib import closing

import pytest

from amazon_orders import db
from local_harness.scenario import world as scenario_world
from tests import views
from tests.operator.server import airflow_over
from tests.worlds import listing, order, product, world

pytestmark = pytest.mark.dagrun

MUG, LAMP, TEE, KETTLE = (f"111-{n:07d}-{n:07d}" for n in (1, 2, 3, 4))


def _document() -> dict:
    return world(
        order(1, ("AMZ-MUG", 1), purchased="2026-11-20T10:00:00Z"),
        order(2, ("AMZ-LAMP", 1), purchased="2026-11-20T10:10:00Z"),  # unmatched listing
        order(3, ("AMZ-TEE", 1), purchased="2026-11-20T11:00:00Z"),  # product disabled
        order(4, ("AMZ-KETTLE", 1), purchased="2026-11-20T09:00:00Z"),  # out of stock
        catalog=[product("MUG"), product("TEE", enabled=False), product("KETTLE", qty=0)],
        listings=[listing("MUG"), listing(None, "AMZ-LAMP"), listing("TEE"), listing("KETTLE")],
    )


def _commerce_orders(conn: db.Connection) -> set[str]:
    return {r["ext_order_id"] for r in views.query(conn, "SELECT ext_order_id FROM commerce.sales_order")}


def _run_counts(conn: db.Connection, run_id: str) -> dict:
    rows = views.query(conn, "SELECT counts FROM amazon.import_run WHERE run_key LIKE %s", (f"{run_id}/%",))
    assert len(rows) == 1, rows
    return rows[0]["counts"]


def test_retrigger_with_form_params_through_rest_api(db_url, sim_url, tmp_path):
    with airflow_over(_document(), db_url, sim_url, tmp_path) as airflow, closing(db.connect(db_url)) as conn:
        token = airflow.token()  # POST /auth/token with the admin's login
        assert airflow.api("GET", "/api/v2/dags/amazon_order_import", token).json()["is_paused"] is False
        params = airflow.api("GET", "/api/v2/dags/amazon_order_import/details", token).json()["params"]
        assert {"stores", "order_ids", "replay_from", "replay_to", "dry_run"} <= set(params)

        # A wrong login gets no token.
        with pytest.raises(Exception, match="401"):
            airflow.token(password="not-the-password")

        # 1. An ordinary import: the mug imports, the other three are blocked.
        run = airflow.trigger("amazon_order_import", {}, token)
        assert airflow.wait_for_run("amazon_order_import", run, token) == "success"
        assert _commerce_orders(conn) == {MUG}
        assert views.blockers(conn).keys() == {LAMP, TEE, KETTLE}

        # The admin fixes every blocker.
        with closing(db.connect(db_url)) as fix, db.transaction(fix) as cur:
            scenario_world.add_product(cur, product("LAMP"))
        with closing(db.connect(db_url)) as fix:
            scenario_world.match_listing(fix, "US Store", "AMZ-LAMP", "LAMP")
            scenario_world.set_enabled(fix, "TEE", True)
            scenario_world.set_stock(fix, "KETTLE", 5)

        # 2. Dry run for the lamp order: it would import, yet nothing is written.
        run = airflow.trigger("amazon_order_import", {"order_ids": [LAMP], "dry_run": True}, token)
        assert airflow.wait_for_run("amazon_order_import", run, token) == "success"
        counts = _run_counts(conn, run)
        assert counts["dry_run"] is True and counts["would_import"] == 1 and counts["would_block"] == {}
        assert _commerce_orders(conn) == {MUG}
        assert LAMP in views.blockers(conn)

        # 3. Re-import just the lamp order: only it becomes a Commerce order.
        run = airflow.trigger("amazon_order_import", {"order_ids": [LAMP], "stores": ["US Store"]}, token)
        assert airflow.wait_for_run("amazon_order_import", run, token) == "success"
        assert _commerce_orders(conn) == {MUG, LAMP}
        assert views.blockers(conn).keys() == {TEE, KETTLE}

        # 4. Replay 10:30..11:30: only the tee order (purchased 11:00) is tried and imports.
        run = airflow.trigger(
            "amazon_order_import",
            {"replay_from": "2026-11-20T10:30:00Z", "replay_to": "2026-11-20T11:30:00Z"},
            token,
        )
        assert airflow.wait_for_run("amazon_order_import", run, token) == "success"
        assert _commerce_orders(conn) == {MUG, LAMP, TEE}
        assert views.blockers(conn).keys() == {KETTLE}

        # 5. A run with an unknown store fails; re-triggered with the right form it succeeds.
        run = airflow.trigger("amazon_order_import", {"stores": ["No Such Store"]}, token)
        assert airflow.wait_for_run("amazon_order_import", run, token) == "failed"
        run = airflow.trigger("amazon_order_import", {"stores": ["US Store"]}, token)
        assert airflow.wait_for_run("amazon_order_import", run, token) == "success"
        assert _commerce_orders(conn) == {MUG, LAMP, TEE, KETTLE}
        assert views.blockers(conn) == {}
