"""SIGKILL at many points of an import and of a shipment confirmation; then an
Airflow-style retry of the same run and a next run must leave everything right."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.views import (
    canceled_shipped,
    counts,
    grid,
    money_identity_breaks,
    order_document_breaks,
    query,
    salable,
)
from tests.worlds import IMPORT, listing, order, product, store, world

STEP = (
    "import json, sys; from local_harness.scenario.runner import InProcessDags; "
    "InProcessDags(sys.argv[1], json.loads(sys.argv[2])).dags_test(sys.argv[3], dag_run_id=sys.argv[4])"
)


def run_step(runner, dag_id: str, run_id: str, crash_at: str | None = None) -> int:
    env = {**os.environ, "AMAZON_ORDERS_LOAD_BATCH_SIZE": "1"}
    if crash_at:
        env["AMAZON_ORDERS_CRASH_AT"] = crash_at
    done = subprocess.run(
        [sys.executable, "-c", STEP, runner.db_url, json.dumps(runner.dags.sp_api), dag_id, run_id],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return done.returncode


def crash_world() -> dict:
    return world(
        order(1, ("AMZ-MUG", 2), purchased="2026-11-20T09:00:00Z"),
        order(2, ("AMZ-MUG", 2), ("AMZ-CUP", 1), purchased="2026-11-20T09:10:00Z"),
        order(3, ("AMZ-MUG", 2), purchased="2026-11-20T09:20:00Z"),  # out of stock: 5 mugs
        order(4, ("AMZ-LAMP", 1), purchased="2026-11-20T09:30:00Z"),  # not in catalog
        order(5, ("AMZ-CUP", 1), status="Shipped", channel="AFN", purchased="2026-11-20T09:40:00Z"),
        order(6, ("AMZ-CUP", 3), status="Pending", purchased="2026-11-20T09:50:00Z"),
        stores=[store(pending_orders="reserve")],
        catalog=[product("MUG", qty=5), product("CUP", qty=10)],
        listings=[listing("MUG"), listing("CUP")],
        steps=[],
    )


def assert_consistent(conn) -> None:
    rows = grid(conn)
    assert {k for k, r in rows.items() if r["commerce_order_number"]} == {
        "111-0000001-0000001",
        "111-0000002-0000002",
        "111-0000005-0000005",
    }
    assert {k for k, r in rows.items() if r["status"] == "Error"} == {
        "111-0000003-0000003",
        "111-0000004-0000004",
    }
    # nothing half-written: every Commerce order has all its Amazon lines
    half = query(
        conn,
        """
        SELECT so.ext_order_id FROM commerce.sales_order so
        WHERE (SELECT count(*) FROM commerce.sales_order_item i WHERE i.order_id = so.entity_id)
           <> (SELECT count(*) FROM amazon.order_item a WHERE a.amazon_order_id = so.ext_order_id)""",
    )
    assert half == []
    assert (
        money_identity_breaks(conn) == []
        and order_document_breaks(conn) == []
        and canceled_shipped(conn) == []
    )
    assert (salable(conn, "MUG"), salable(conn, "CUP")) == (1, 6)  # 4 mugs, 1 cup ordered, 3 cups pending
    assert counts(conn)["commerce.sales_order"] == 3


@pytest.mark.parametrize(
    "crash_at", ["extract:before_commit", "load:inside_batch", "load:between_batches", "import:before_record"]
)
def test_import_survives_a_kill(play, conn, crash_at):
    runner = play(crash_world())
    runner.sim.advance(300)
    assert run_step(runner, "amazon_order_import", "scheduled__1", crash_at) == -9
    if crash_at == "extract:before_commit":
        assert query(conn, "SELECT * FROM amazon.watermark") == []  # never ahead of committed data
        assert counts(conn)['amazon."order"'] == 0
    assert run_step(runner, "amazon_order_import", "scheduled__1") == 0  # the retry
    runner.sim.advance(300)
    assert run_step(runner, "amazon_order_import", "scheduled__2") == 0  # the next run
    assert_consistent(conn)
    watermark = query(conn, "SELECT last_updated_before FROM amazon.watermark")[0]["last_updated_before"]
    newest = query(conn, 'SELECT max(last_update_date) AS newest FROM amazon."order"')[0]["newest"]
    assert newest <= watermark


def test_shipment_confirmed_once_across_a_kill(play, conn):
    runner = play(
        world(
            order(1, ("AMZ-MUG", 2)),
            catalog=[product("MUG")],
            listings=[listing("MUG")],
            steps=[IMPORT, {"ship": {"order": "111-0000001-0000001", "carrier": "UPS", "tracking": "T1"}}],
        )
    )
    runner.sim.advance(300)
    assert run_step(runner, "amazon_order_reconciliation", "scheduled__1", "confirm:after_send") == -9
    assert query(conn, "SELECT state FROM amazon.shipment_confirmation") == [{"state": "pending"}]
    assert run_step(runner, "amazon_order_reconciliation", "scheduled__1") == 0
    runner.sim.advance(300)
    assert run_step(runner, "amazon_order_reconciliation", "scheduled__2") == 0
    assert query(conn, "SELECT state FROM amazon.shipment_confirmation") == [{"state": "confirmed"}]
    assert len(runner.sim.confirmations()) == 1
    assert grid(conn)["111-0000001-0000001"]["commerce_status"] == "complete"


def test_a_reconciliation_killed_amid_item_cancellations_releases_each_unit_once(play, conn):
    """Amazon cancels one of order 1's mugs; the reconciliation dies after the cancellation, before
    its commit: nothing of it stays; the retry cancels and releases the unit once, a next run nothing."""
    runner = play(crash_world())
    runner.sync("amazon_order_import")
    before = salable(conn, "MUG")
    runner.sim.cancel_item("111-0000001-0000001", "00000010000001", 1)
    runner.sim.advance(300)
    run_id = "scheduled__reconcile-crash"
    assert run_step(runner, "amazon_order_reconciliation", run_id, "reconcile:after_item_cancellations") == -9
    line = "SELECT qty_canceled FROM commerce.sales_order_item WHERE ext_order_item_id = '00000010000001'"
    assert query(conn, line)[0]["qty_canceled"] == 0 and salable(conn, "MUG") == before
    assert run_step(runner, "amazon_order_reconciliation", run_id) == 0  # Airflow's retry
    assert run_step(runner, "amazon_order_reconciliation", "scheduled__next") == 0
    assert query(conn, line)[0]["qty_canceled"] == 1
    assert salable(conn, "MUG") == before + 1  # the unit is back on sale, once
    released = query(
        conn, "SELECT count(*) AS n FROM commerce.inventory_reservation WHERE event LIKE 'item_canceled:%%'"
    )
    assert released[0]["n"] == 1
    assert (
        money_identity_breaks(conn) == []
        and order_document_breaks(conn) == []
        and canceled_shipped(conn) == []
    )
