"""Products that do not manage stock, and products that allow backorders, as Commerce's stock item
has them: neither is ever OUT_OF_STOCK. Not managed: nothing reserved, nothing taken off a shelf.
Backorders: reserved as usual (salable goes below zero); a shipment still needs the goods."""

from __future__ import annotations

import pytest

from amazon_orders.pipeline.shipments import ShipmentError
from tests.stocks.stock_worlds import shelf, shipment_sources, stocked
from tests.views import blockers, grid, order_document_breaks, query, salable, stock_breaks
from tests.worlds import IMPORT, listing, order, store, world

GIFT = stocked("GIFT", price="25.00", manage_stock=False)  # no quantity at all


def ledger(conn, sku: str) -> list[tuple[str, float]]:
    rows = query(
        conn,
        "SELECT event, quantity FROM commerce.inventory_reservation WHERE sku = %s ORDER BY reservation_id",
        (sku,),
    )
    return [(r["event"], float(r["quantity"])) for r in rows]


def ship(runner, number: int, tracking: str = "1Z1") -> None:
    order_id = f"111-{number:07d}-{number:07d}"
    runner._steps()["ship"]({"order": order_id, "carrier": "UPS", "tracking": tracking})


def test_a_product_that_does_not_manage_stock_imports_and_reserves_nothing(play, conn):
    runner = play(
        world(
            order(1, ("AMZ-GIFT", 3), ("AMZ-MUG", 1)),
            order(2, ("AMZ-GIFT", 50)),
            catalog=[GIFT, stocked("MUG", qty=2)],
            listings=[listing("GIFT"), listing("MUG")],
            steps=[IMPORT],
        )
    )
    assert blockers(conn) == {}
    assert ledger(conn, "GIFT") == [] and ledger(conn, "MUG") == [("order_placed", -1)]
    flags = query(conn, "SELECT manage_stock, backorders FROM commerce.salable_stock WHERE sku = 'GIFT'")
    assert flags == [{"manage_stock": False, "backorders": 0}]
    ship(runner, 1)
    assert shelf(conn, "GIFT") == {"default": 0}  # nothing taken off a shelf
    assert shipment_sources(conn) == [("default", "MUG", 1)]
    assert ledger(conn, "GIFT") == []  # nothing to give back either
    assert salable(conn, "MUG") == 1 and order_document_breaks(conn) == [] and stock_breaks(conn) == []


def test_a_canceled_or_pending_order_of_an_unmanaged_product_moves_no_stock(play, conn):
    runner = play(
        world(
            order(1, ("AMZ-GIFT", 1)),
            order(2, ("AMZ-GIFT", 2), status="Pending"),
            stores=[store(pending_orders="reserve")],
            catalog=[GIFT],
            listings=[listing("GIFT")],
            steps=[IMPORT],
        )
    )
    runner.sim.set_status("111-0000001-0000001", "Canceled")
    runner.sync("amazon_order_reconciliation")
    assert grid(conn)["111-0000001-0000001"]["commerce_status"] == "canceled"
    assert ledger(conn, "GIFT") == [] and stock_breaks(conn) == []


def test_backorders_sell_below_zero_and_reserve_as_usual(play, conn):
    runner = play(
        world(
            order(1, ("AMZ-MUG", 3), purchased="2026-11-20T09:00:00Z"),
            order(2, ("AMZ-MUG", 2), purchased="2026-11-20T09:30:00Z"),
            catalog=[stocked("MUG", qty=1, backorders=True)],
            listings=[listing("MUG")],
            steps=[IMPORT],
        )
    )
    assert blockers(conn) == {}
    assert {r["commerce_status"] for r in grid(conn).values()} == {"processing"}
    assert salable(conn, "MUG") == -4  # 1 on the shelf, 5 reserved
    with pytest.raises(
        ShipmentError, match=r"^product MUG: 3 to take off the shelf, fewer on it \(source default holds 1\)$"
    ):
        ship(runner, 1)
    runner._steps()["set_stock"]({"sku": "MUG", "qty": 6})  # the goods came in
    ship(runner, 1)
    ship(runner, 2, tracking="1Z2")
    assert shelf(conn, "MUG") == {"default": 1} and salable(conn, "MUG") == 1
    assert order_document_breaks(conn) == [] and stock_breaks(conn) == []


def test_a_product_that_stops_allowing_backorders_is_out_of_stock_again(play, conn):
    runner = play(
        world(
            order(1, ("AMZ-MUG", 3)),
            order(2, ("AMZ-MUG", 1), status="Pending"),  # not yet importable
            catalog=[stocked("MUG", qty=1, backorders=True)],
            listings=[listing("MUG")],
            steps=[IMPORT],
        )
    )
    runner._steps()["add_product"](stocked("MUG", qty=1))  # backorders off again, 1 on the shelf
    runner.sim.set_status("111-0000002-0000002", "Unshipped")
    runner.sync("amazon_order_import")
    assert blockers(conn) == {"111-0000002-0000002": {"OUT_OF_STOCK"}}
    detail = query(conn, "SELECT detail FROM amazon.open_blockers")
    assert detail == [{"detail": "product MUG: 1 ordered, 0 salable"}]
    assert salable(conn, "MUG") == -2
