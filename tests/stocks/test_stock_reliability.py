"""Two stocks under the reliability tests' conditions: stores of two stocks importing at once, a
kill in the middle of a load, and the database's own refusals of what would break a stock."""

from __future__ import annotations

import psycopg2
import pytest

from tests.reliability.test_concurrency import run_together
from tests.reliability.test_crash_safety import run_step
from tests.stocks.stock_worlds import ledger_by_stock, stock_id, stocked, two_stocks, uk_order, uk_store
from tests.views import (
    counts,
    execute,
    money_identity_breaks,
    order_document_breaks,
    query,
    salable,
    stock_breaks,
)
from tests.worlds import IMPORT, order, store


def test_stores_of_two_stocks_sell_one_product_at_once_each_from_its_own(play, conn):
    us = [order(n, ("AMZ-MUG", 1), purchased=f"2026-11-20T09:{n:02d}:00Z") for n in range(1, 21)]
    uk = [uk_order(n, ("AMZ-MUG", 1), purchased=f"2026-11-20T09:{n - 20:02d}:30Z") for n in range(21, 41)]
    runner = play(
        two_stocks(*us, *uk, catalog=[stocked("MUG", qty=12, sources={"uk_warehouse": 7})], steps=[])
    )
    runner.sim.advance(300)
    assert run_together(runner, [(1, "scheduled__1"), (2, "scheduled__1")]) == []
    imported = query(
        conn,
        'SELECT s.name, count(*) AS n FROM amazon."order" o JOIN amazon.store s USING (store_id) '
        "WHERE o.commerce_order_id IS NOT NULL GROUP BY 1 ORDER BY 1",
    )
    assert imported == [{"name": "UK Store", "n": 7}, {"name": "US Store", "n": 12}]
    eu = stock_id(conn, "eu_stock")
    assert (salable(conn, "MUG"), salable(conn, "MUG", eu)) == (0, 0)  # not one unit oversold or shared
    assert ledger_by_stock(conn, "MUG") == {1: -12, eu: -7}
    assert query(conn, "SELECT count(*) AS n FROM amazon.open_blockers")[0]["n"] == 21
    assert (
        money_identity_breaks(conn) == [] and order_document_breaks(conn) == [] and stock_breaks(conn) == []
    )


@pytest.mark.parametrize("crash_at", ["load:inside_batch", "load:between_batches"])
def test_a_load_killed_midway_leaves_each_stock_right(play, conn, crash_at):
    runner = play(
        two_stocks(
            uk_order(1, ("AMZ-MUG", 2), purchased="2026-11-20T09:00:00Z"),
            uk_order(2, ("AMZ-MUG", 2), ("AMZ-CUP", 1), purchased="2026-11-20T09:10:00Z"),
            uk_order(3, ("AMZ-MUG", 2), purchased="2026-11-20T09:20:00Z"),  # the UK warehouse has 5
            uk_order(4, ("AMZ-CUP", 3), status="Pending", purchased="2026-11-20T09:30:00Z"),
            stores=[store(), uk_store(pending_orders="reserve")],
            catalog=[
                stocked("MUG", qty=9, sources={"uk_warehouse": 5}),
                stocked("CUP", sources={"uk_warehouse": 10}),
            ],
            steps=[],
        )
    )
    runner.sim.advance(300)
    assert run_step(runner, "amazon_order_import", "scheduled__1", crash_at) == -9
    assert run_step(runner, "amazon_order_import", "scheduled__1") == 0  # the retry
    runner.sim.advance(300)
    assert run_step(runner, "amazon_order_import", "scheduled__2") == 0  # the next run
    eu = stock_id(conn, "eu_stock")
    assert counts(conn)["commerce.sales_order"] == 2
    assert (salable(conn, "MUG", eu), salable(conn, "CUP", eu)) == (1, 6)  # 4 mugs, 1 cup, 3 cups pending
    assert (salable(conn, "MUG"), salable(conn, "CUP")) == (9, 0)  # the default stock untouched
    assert (
        money_identity_breaks(conn) == [] and order_document_breaks(conn) == [] and stock_breaks(conn) == []
    )


@pytest.mark.parametrize(
    ("statement", "error"),
    [
        (
            "INSERT INTO commerce.inventory_source_stock_link (stock_id, source_code, priority) "
            "SELECT stock_id, 'uk_warehouse', 2 FROM commerce.inventory_stock WHERE stock_id = 1",
            psycopg2.errors.UniqueViolation,
        ),  # one source in two stocks: they would sell the same units
        (
            "INSERT INTO commerce.inventory_stock_sales_channel (type, code, stock_id) "
            "VALUES ('website', 'base', 1)",
            psycopg2.errors.UniqueViolation,
        ),  # a website selling from two stocks
        (
            "UPDATE commerce.inventory_source_item SET quantity = -1 WHERE source_code = 'uk_warehouse'",
            psycopg2.errors.CheckViolation,
        ),  # a shelf below zero
        (
            "INSERT INTO commerce.inventory_shipment_source (shipment_id, source_code, sku, qty) "
            "SELECT entity_id, 'uk_warehouse', 'MUG', 0 FROM commerce.sales_shipment",
            psycopg2.errors.CheckViolation,
        ),
        (
            "UPDATE commerce.cataloginventory_stock_item SET backorders = 3",
            psycopg2.errors.CheckViolation,
        ),
    ],
)
def test_the_database_refuses_what_would_break_a_stock(play, conn, statement, error):
    runner = play(
        two_stocks(
            uk_order(1, ("AMZ-MUG", 1)), catalog=[stocked("MUG", sources={"uk_warehouse": 2})], steps=[IMPORT]
        )
    )
    runner._steps()["ship"]({"order": "111-0000001-0000001", "carrier": "UPS", "tracking": "T1"})
    with pytest.raises(error):
        execute(conn, statement)
