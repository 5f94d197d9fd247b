"""Overlapping runs: the same store twice at once, and two stores selling the same
product at once. No duplicate, no oversell, and neither run fails for it."""

from __future__ import annotations

import threading

from amazon_orders.settings import IMPORT_DAG_ID
from tests.views import canceled_shipped, counts, money_identity_breaks, order_document_breaks, query, salable
from tests.worlds import listing, order, product, store, world


def run_together(runner, jobs: list[tuple[int, str]]) -> list[BaseException]:
    """Import each (store id, DAG run id) in its own thread, all at once."""
    errors: list[BaseException] = []
    start = threading.Barrier(len(jobs))

    def job(store_id: int, dag_run_id: str) -> None:
        try:
            start.wait()
            runner.dags.run_store(IMPORT_DAG_ID, store_id, dag_run_id)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=job, args=j) for j in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=240)
    return errors


def test_same_store_twice_at_once(play, conn):
    orders = [order(n, ("AMZ-MUG", 1), purchased=f"2026-11-20T09:{n:02d}:00Z") for n in range(1, 31)]
    runner = play(world(*orders, catalog=[product("MUG", qty=20)], listings=[listing("MUG")], steps=[]))
    runner.sim.advance(300)
    assert run_together(runner, [(1, "scheduled__1"), (1, "manual__1")]) == []
    assert counts(conn)["commerce.sales_order"] == 20  # each of the first 20 once, never twice
    assert salable(conn, "MUG") == 0
    imported = query(
        conn,
        'SELECT amazon_order_id FROM amazon."order" WHERE commerce_order_id IS NOT NULL '
        "ORDER BY amazon_order_id",
    )
    assert [r["amazon_order_id"] for r in imported] == [f"111-{n:07d}-{n:07d}" for n in range(1, 21)]
    assert query(conn, "SELECT count(*) AS n FROM amazon.open_blockers")[0]["n"] == 10
    assert (
        money_identity_breaks(conn) == []
        and order_document_breaks(conn) == []
        and canceled_shipped(conn) == []
    )


def test_two_stores_sell_the_last_units_at_once(play, conn):
    us = [order(n, ("AMZ-MUG", 1), purchased=f"2026-11-20T09:{n:02d}:00Z") for n in range(1, 21)]
    eu = [
        order(n, ("AMZ-MUG", 1), purchased=f"2026-11-20T09:{n - 20:02d}:30Z", store_name="EU Store")
        for n in range(21, 41)
    ]
    runner = play(
        world(
            *us,
            *eu,
            stores=[store(), store("EU Store", seller_id="A2SELLEREU")],
            catalog=[product("MUG", qty=25)],
            listings=[listing("MUG"), listing("MUG", store_name="EU Store")],
            steps=[],
        )
    )
    runner.sim.advance(300)
    assert run_together(runner, [(1, "scheduled__1"), (2, "scheduled__1")]) == []
    assert counts(conn)["commerce.sales_order"] == 25
    assert salable(conn, "MUG") == 0  # not one unit oversold
    blocked = query(conn, "SELECT reason, count(*) AS n FROM amazon.open_blockers GROUP BY reason")
    assert blocked == [{"reason": "OUT_OF_STOCK", "n": 15}]
    assert (
        money_identity_breaks(conn) == []
        and order_document_breaks(conn) == []
        and canceled_shipped(conn) == []
    )
