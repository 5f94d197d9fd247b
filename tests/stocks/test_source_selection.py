"""A shipment leaves from the sources of the order's stock: by link priority (the lower number
first, each source giving what it holds until the product is covered), or from the source the
warehouse names; recorded per source in commerce.inventory_shipment_source. A source that cannot
cover its part refuses the shipment by name, and no shelf ever goes below zero."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from amazon_orders.pipeline.shipments import ShipmentError, record_shipment
from tests.stocks.stock_worlds import shelf, shipment_sources, stocked, two_stocks, uk_order
from tests.views import execute, grid, order_document_breaks, query, salable, stock_breaks
from tests.worlds import IMPORT, RECONCILE, order

US_1, UK_3 = "111-0000001-0000001", "111-0000003-0000003"
# The default stock with two US warehouses, east first; the UK store's own stock.
US_SOURCES = {"code": "default", "sources": ["us_east", "us_west"]}
EU = {"code": "eu_stock", "sources": ["uk_warehouse"], "stores": ["UK Store"]}


def us_world(*orders, east: int = 1, west: int = 5, uk: int = 4, steps=None, **product) -> dict:
    return two_stocks(
        *orders,
        catalog=[stocked("MUG", sources={"us_east": east, "us_west": west, "uk_warehouse": uk}, **product)],
        stocks=[US_SOURCES, EU],
        steps=[IMPORT] if steps is None else steps,
    )


def ship(runner, order_id: str = US_1, **step) -> None:
    runner._steps()["ship"]({"order": order_id, "carrier": "UPS", "tracking": "1Z1", **step})


def test_a_shipment_takes_from_the_stocks_sources_by_priority(play, conn):
    runner = play(us_world(order(1, ("AMZ-MUG", 3))))
    ship(runner)
    assert shelf(conn, "MUG") == {"us_east": 0, "us_west": 3, "uk_warehouse": 4}
    assert shipment_sources(conn) == [("us_east", "MUG", 1), ("us_west", "MUG", 2)]
    assert salable(conn, "MUG") == 3 and order_document_breaks(conn) == []


def test_priority_is_the_links_not_the_names(play, conn):
    runner = play(us_world(order(1, ("AMZ-MUG", 2))))
    execute(
        conn, "UPDATE commerce.inventory_source_stock_link SET priority = 9 WHERE source_code = 'us_east'"
    )
    ship(runner)
    assert shipment_sources(conn) == [("us_west", "MUG", 2)]
    assert shelf(conn, "MUG")["us_east"] == 1


def test_a_disabled_source_is_passed_over(play, conn):
    runner = play(us_world(order(1, ("AMZ-MUG", 2))))
    execute(conn, "UPDATE commerce.inventory_source SET enabled = false WHERE source_code = 'us_east'")
    ship(runner, items=[{"order_item_id": "00000010000001", "qty": 1}])
    assert shipment_sources(conn) == [("us_west", "MUG", 1)]
    with pytest.raises(ShipmentError, match="^source us_east: disabled$"):
        record_shipment(conn, US_1, "UPS", "1Z2", source="us_east")


def test_the_warehouse_names_the_source(play, conn):
    runner = play(us_world(order(1, ("AMZ-MUG", 3)), steps=[IMPORT]))
    ship(runner, source="us_west")
    assert shelf(conn, "MUG") == {"us_east": 1, "us_west": 2, "uk_warehouse": 4}
    assert shipment_sources(conn) == [("us_west", "MUG", 3)]
    assert stock_breaks(conn) == [] and order_document_breaks(conn) == []


def test_a_named_source_that_cannot_cover_its_part_is_refused_by_name(play, conn):
    runner = play(us_world(order(1, ("AMZ-MUG", 3))))
    with pytest.raises(ShipmentError) as refused:
        ship(runner, source="us_east")
    assert str(refused.value) == "product MUG: 3 to take off the shelf, fewer on it (source us_east holds 1)"
    assert shelf(conn, "MUG") == {"us_east": 1, "us_west": 5, "uk_warehouse": 4}  # nothing half-written
    assert query(conn, "SELECT count(*) AS n FROM commerce.sales_shipment")[0]["n"] == 0
    assert shipment_sources(conn) == [] and salable(conn, "MUG") == 3


def test_sources_that_together_cannot_cover_are_each_named(play, conn):
    runner = play(us_world(order(1, ("AMZ-MUG", 4)), east=2, west=2))
    execute(conn, "UPDATE commerce.inventory_source_item SET quantity = 1 WHERE source_code = 'us_west'")
    with pytest.raises(ShipmentError) as refused:
        ship(runner)
    assert str(refused.value) == (
        "product MUG: 4 to take off the shelf, fewer on them (source us_east holds 2, source us_west holds 1)"
    )
    assert shelf(conn, "MUG") == {"us_east": 2, "us_west": 1, "uk_warehouse": 4}  # never below zero


def test_a_source_of_another_stock_or_none_at_all_is_refused(play, conn):
    runner = play(us_world(order(1, ("AMZ-MUG", 1)), uk_order(3, ("AMZ-MUG", 1))))
    with pytest.raises(ShipmentError) as refused:
        ship(runner, source="uk_warehouse")
    assert str(refused.value) == (
        "source uk_warehouse: not a source of stock Default Stock, which product MUG of this order is "
        "sold from"
    )
    with pytest.raises(ShipmentError, match="^source us_east: not a source of stock eu_stock"):
        ship(runner, UK_3, source="us_east")
    with pytest.raises(ShipmentError, match="^source atlantis: no such source"):
        ship(runner, source="atlantis")
    ship(runner, UK_3)  # the UK order leaves from the UK warehouse
    assert shipment_sources(conn) == [("uk_warehouse", "MUG", 1)]
    assert shelf(conn, "MUG") == {"us_east": 1, "us_west": 5, "uk_warehouse": 3}


def test_a_shipment_recorded_for_what_amazon_shipped_takes_by_priority(play, conn):
    runner = play(us_world(order(1, ("AMZ-MUG", 2))))
    runner.sim.set_status(US_1, "Shipped")
    runner.sync("amazon_order_reconciliation")
    assert grid(conn)[US_1]["commerce_status"] == "complete"
    assert shipment_sources(conn) == [("us_east", "MUG", 1), ("us_west", "MUG", 1)]
    assert salable(conn, "MUG") == 4 and order_document_breaks(conn) == []


def test_the_scenario_step_names_the_source(play, conn):
    play(
        us_world(
            order(1, ("AMZ-MUG", 2)),
            steps=[
                IMPORT,
                {"ship": {"order": US_1, "carrier": "UPS", "tracking": "1Z1", "source": "us_west"}},
            ],
        )
    )
    assert shipment_sources(conn) == [("us_west", "MUG", 2)]


def test_the_ship_command_takes_a_source(play, conn, db_url):
    play(us_world(order(1, ("AMZ-MUG", 2))))

    def ship_command(*flags: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "amazon_orders.pipeline.shipments", US_1, "--carrier", "UPS", *flags],
            env={**os.environ, "COMMERCE_DB_URL": db_url},
            capture_output=True,
            text=True,
            timeout=120,
        )

    refused = ship_command("--tracking", "1Z8", "--source", "atlantis")
    assert refused.returncode == 1 and refused.stderr.strip() == (
        "order 111-0000001-0000001 not shipped: source atlantis: no such source in commerce.inventory_source"
    )
    done = ship_command("--tracking", "1Z9", "--source", "us_west")
    assert done.returncode == 0, done.stderr
    assert "recorded; it is confirmed to Amazon at the next reconciliation" in done.stdout
    assert shipment_sources(conn) == [("us_west", "MUG", 2)]


def test_two_lines_of_one_product_leave_as_one_move_per_source(play, conn):
    runner = play(us_world(order(1, ("AMZ-MUG", 1), ("AMZ-MUG", 2)), steps=[IMPORT, RECONCILE]))
    ship(runner)
    assert shipment_sources(conn) == [("us_east", "MUG", 1), ("us_west", "MUG", 2)]
    assert salable(conn, "MUG") == 3 and order_document_breaks(conn) == []
