"""Shipment confirmations that Amazon refuses or that fail in transit land in the Communication Errors
log too, attempt by attempt, and the outbox keeps the shipment for the next run."""

from __future__ import annotations

from amazon_orders import runs
from amazon_orders.pipeline import reconcile, shipments
from tests.views import query
from tests.worlds import IMPORT, listing, order, product, world

from .conftest import client_for


def test_failed_confirmations_are_logged_and_retried_next_run(play, conn):
    runner = play(
        world(order(1, ("AMZ-MUG", 1)), catalog=[product("MUG")], listings=[listing("MUG")], steps=[IMPORT])
    )
    shipments.record_shipment(conn, "111-0000001-0000001", "UPS", "1Z999AA10123456784")
    store_id = query(conn, "SELECT store_id FROM amazon.store")[0]["store_id"]
    runner.sim.inject_fault("confirmShipment", "error503", count=3)
    client = client_for(runner, "A2SELLERUS", max_attempts=3)
    counts = reconcile.confirm_shipments(conn, client, store_id, runs.run_key("reconcile-1", store_id))
    assert counts == {"confirmed": 0, "confirmation_failed": 1}
    logged = query(
        conn,
        "SELECT operation, status, error_code, attempt, gave_up, run_key FROM amazon.api_call_log "
        "ORDER BY call_id",
    )
    assert [(r["operation"], r["status"], r["attempt"], r["gave_up"]) for r in logged] == [
        ("confirmShipment", 503, 1, False),
        ("confirmShipment", 503, 2, False),
        ("confirmShipment", 503, 3, True),
    ]
    assert {r["run_key"] for r in logged} == {runs.run_key("reconcile-1", store_id)}
    counts = reconcile.confirm_shipments(conn, client, store_id, runs.run_key("reconcile-2", store_id))
    assert counts == {"confirmed": 1, "confirmation_failed": 0}
    assert len(runner.sim.confirmations()) == 1
