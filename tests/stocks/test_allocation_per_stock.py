"""Each Amazon store sells from the stock of its Commerce store's website: validation and the
load's recheck allocate per (stock, SKU) in purchase order, so a UK order is never covered by a
US-only warehouse and two stocks never take each other's units."""

from __future__ import annotations

import numpy as np
import pandas as pd

from amazon_orders.pipeline import candidates, extract, load, record, validate
from tests.stocks.stock_worlds import ledger_by_stock, stock_id, stocked, two_stocks, uk_order, uk_store
from tests.views import blockers, execute, grid, order_document_breaks, query, salable, stock_breaks
from tests.worlds import IMPORT, RECONCILE, order, store

US_1, US_2, UK_3, UK_4 = (f"111-{n:07d}-{n:07d}" for n in (1, 2, 3, 4))


def test_a_uk_order_is_never_covered_by_a_us_only_warehouse(play, conn):
    play(
        two_stocks(
            order(1, ("AMZ-MUG", 2)),
            uk_order(3, ("AMZ-MUG", 1)),
            catalog=[stocked("MUG", qty=5, sources={"uk_warehouse": 0})],
        )
    )
    assert blockers(conn) == {UK_3: {"OUT_OF_STOCK"}}
    detail = query(conn, "SELECT detail FROM amazon.open_blockers WHERE amazon_order_id = %s", (UK_3,))
    assert detail == [{"detail": "product MUG: 1 ordered, 0 salable"}]
    assert grid(conn)[US_1]["commerce_status"] == "processing"
    eu = stock_id(conn, "eu_stock")
    assert (salable(conn, "MUG"), salable(conn, "MUG", eu)) == (3, 0)


def test_each_stock_allocates_in_purchase_order_and_neither_takes_the_others_units(play, conn):
    play(
        two_stocks(
            order(1, ("AMZ-MUG", 2), purchased="2026-11-20T09:00:00Z"),
            order(2, ("AMZ-MUG", 2), purchased="2026-11-20T09:30:00Z"),
            uk_order(3, ("AMZ-MUG", 2), purchased="2026-11-20T08:00:00Z"),
            uk_order(4, ("AMZ-MUG", 2), purchased="2026-11-20T08:30:00Z"),
            catalog=[stocked("MUG", qty=3, sources={"uk_warehouse": 3})],
            steps=[IMPORT],
        )
    )
    # Each stock has 3: the earlier purchase of each store gets 2, the later one finds 1.
    assert blockers(conn) == {US_2: {"OUT_OF_STOCK"}, UK_4: {"OUT_OF_STOCK"}}
    eu = stock_id(conn, "eu_stock")
    assert ledger_by_stock(conn, "MUG") == {1: -2, eu: -2}
    assert (salable(conn, "MUG"), salable(conn, "MUG", eu)) == (1, 1)


def test_orders_of_two_stocks_take_all_of_each_stock_and_nothing_more(play, conn):
    runner = play(
        two_stocks(
            order(1, ("AMZ-MUG", 2)),
            uk_order(3, ("AMZ-MUG", 2)),
            catalog=[stocked("MUG", qty=2, sources={"uk_warehouse": 2})],
            steps=[IMPORT],
        )
    )
    assert blockers(conn) == {}
    eu = stock_id(conn, "eu_stock")
    assert (salable(conn, "MUG"), salable(conn, "MUG", eu)) == (0, 0)
    runner.sim.set_status(UK_3, "Canceled")
    runner.sync("amazon_order_reconciliation")
    assert (salable(conn, "MUG"), salable(conn, "MUG", eu)) == (0, 2)  # back into its own stock
    assert order_document_breaks(conn) == []


def test_pending_orders_hold_and_release_their_stores_stock(play, conn):
    runner = play(
        two_stocks(
            uk_order(3, ("AMZ-MUG", 2), status="Pending"),
            catalog=[stocked("MUG", qty=5, sources={"uk_warehouse": 2})],
            stores=[store(), uk_store(pending_orders="reserve")],
            steps=[IMPORT],
        )
    )
    eu = stock_id(conn, "eu_stock")
    assert (salable(conn, "MUG"), salable(conn, "MUG", eu)) == (5, 0)
    runner.sim.set_status(UK_3, "Canceled")
    runner.sync("amazon_order_reconciliation")
    assert (salable(conn, "MUG"), salable(conn, "MUG", eu)) == (5, 2)
    assert ledger_by_stock(conn, "MUG") == {eu: 0}


def test_the_loads_recheck_walks_each_stock_on_its_own(play, conn):
    """Stock taken from the UK warehouse between validation and load blocks the later UK order
    only; the US order of the same batch's SKU is untouched."""
    runner = play(
        two_stocks(
            uk_order(3, ("AMZ-MUG", 2), purchased="2026-11-20T08:00:00Z"),
            uk_order(4, ("AMZ-MUG", 2), purchased="2026-11-20T08:30:00Z"),
            catalog=[stocked("MUG", qty=0, sources={"uk_warehouse": 4})],
            steps=[],
        )
    )
    runner.sim.advance(300)
    key = "recheck__1/store-2"
    extract.extract_orders(conn, runner.dags.client("A2SELLERUK"), 2, key)
    candidates.select_candidates(conn, 2, key)
    assert validate.validate_candidates(conn, 2, key)["failures"] == {}
    execute(conn, "UPDATE commerce.inventory_source_item SET quantity = 3 WHERE source_code = 'uk_warehouse'")
    counts = load.create_commerce_orders(conn, 2, key)
    record.record_blockers(conn, 2, key)
    assert (counts["imported"], counts["out_of_stock"]) == (1, 1)
    assert blockers(conn) == {UK_4: {"OUT_OF_STOCK"}}
    assert salable(conn, "MUG", stock_id(conn, "eu_stock")) == 1 and salable(conn, "MUG") == 0


def test_stock_at_turn_keeps_two_stocks_apart():
    """The same SKU in two stocks: each order finds its own stock's units, in purchase order."""
    lines = pd.DataFrame(
        {
            "amazon_order_id": ["a", "b", "c", "d"],
            "stock_id": ["1", "2", "1", "2"],
            "sku": ["MUG"] * 4,
            "fulfillment_channel": ["MFN"] * 4,
            "quantity_ordered": [2.0, 2.0, 2.0, 2.0],
            "salable_qty": [3.0, 2.0, 3.0, 2.0],
            "own_reserved_qty": [0.0] * 4,
        }
    )
    at_turn = validate.stock_at_turn(lines, blocked=set(), remaining={})
    np.testing.assert_array_equal(at_turn, [3.0, 2.0, 1.0, 0.0])


def test_a_world_without_stocks_keeps_the_one_default_stock(play, conn):
    play(
        two_stocks(
            order(1, ("AMZ-MUG", 2)),
            uk_order(3, ("AMZ-MUG", 1)),
            catalog=[stocked("MUG", qty=5)],
            stocks=[],
            steps=[IMPORT, RECONCILE],
        )
    )
    assert query(conn, "SELECT stock_id, name FROM commerce.inventory_stock") == [
        {"stock_id": 1, "name": "Default Stock"}
    ]
    assert query(
        conn, "SELECT stock_id, source_code, priority FROM commerce.inventory_source_stock_link"
    ) == [{"stock_id": 1, "source_code": "default", "priority": 1}]
    assert query(conn, "SELECT type, code, stock_id FROM commerce.inventory_stock_sales_channel") == [
        {"type": "website", "code": "base", "stock_id": 1}
    ]
    assert {r["stock_id"] for r in query(conn, "SELECT stock_id FROM commerce.store_stock")} == {1}
    assert query(conn, "SELECT DISTINCT stock_id FROM commerce.inventory_reservation") == [{"stock_id": 1}]
    assert blockers(conn) == {} and salable(conn, "MUG") == 2  # both stores sell the default stock's 5
    assert stock_breaks(conn) == []
