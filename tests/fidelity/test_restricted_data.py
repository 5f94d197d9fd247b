"""v0: buyer name, email and address reach the database only through a Restricted Data Token, and only
for stores that import orders (v2026 has no RDT: tests/orders_api/test_seller_walk.py)."""

from __future__ import annotations

import pytest

from amazon_orders.sp_api.model import ORDERS_2026, ORDERS_V0
from tests.views import query
from tests.worlds import listing, order, product, store, world

BUYER = {
    "BuyerInfo": {"BuyerEmail": "ada@marketplace.amazon.com", "BuyerName": "Ada Lovelace"},
    "ShippingAddress": {
        "Name": "Ada Lovelace",
        "AddressLine1": "12 St James's Square",
        "City": "London",
        "PostalCode": "SW1Y 4JH",
        "CountryCode": "GB",
    },
}


def test_importing_stores_get_buyer_data_view_only_stores_never_do(play, conn):
    runner = play(
        world(
            order(1, ("AMZ-MUG", 1), **BUYER),
            order(2, ("AMZ-MUG", 1), store_name="CA Store", **BUYER),
            stores=[
                store(customer_creation="create"),
                store("CA Store", seller_id="A2SELLERCA", import_enabled=False),
            ],
            catalog=[product("MUG")],
            listings=[listing("MUG"), listing("MUG", store_name="CA Store")],
            steps=[{"run": "amazon_order_import"}],
        ),
        orders_api=ORDERS_V0,
    )
    rows = {
        r["amazon_order_id"]: r
        for r in query(conn, 'SELECT amazon_order_id, buyer_name, buyer_email, payload FROM amazon."order"')
    }
    imported = rows["111-0000001-0000001"]
    assert (imported["buyer_name"], imported["buyer_email"]) == ("Ada Lovelace", "ada@marketplace.amazon.com")
    assert imported["payload"]["ShippingAddress"]["AddressLine1"] == "12 St James's Square"
    street = query(
        conn, "SELECT street, firstname FROM commerce.sales_order_address WHERE address_type = 'shipping'"
    )
    assert street == [{"street": "12 St James's Square", "firstname": "Ada"}]
    view_only = rows["111-0000002-0000002"]
    assert (view_only["buyer_name"], view_only["buyer_email"]) == (None, None)
    assert view_only["payload"]["BuyerInfo"] == {}
    assert view_only["payload"]["ShippingAddress"] == {
        "City": "London",
        "PostalCode": "SW1Y 4JH",
        "CountryCode": "GB",
    }
    assert runner.sim.calls()["createRestrictedDataToken"] == 1  # the importing store's, once
    raw = query(
        conn,
        "SELECT body::text AS body FROM amazon.api_response r JOIN amazon.store s USING (store_id) "
        "WHERE s.name = 'CA Store'",
    )
    assert raw and not [r for r in raw if "Ada" in r["body"] or "James" in r["body"]]


@pytest.mark.parametrize("orders_api", [ORDERS_V0, ORDERS_2026])
def test_a_store_that_starts_importing_fetches_its_view_only_orders_again_first(
    play, conn, monkeypatch, orders_api
):
    runner = play(
        world(
            order(1, ("AMZ-MUG", 1), **BUYER),
            order(2, ("AMZ-MUG", 1), **BUYER),
            stores=[store(import_enabled=False)],
            catalog=[product("MUG")],
            listings=[listing("MUG")],
            steps=[{"run": "amazon_order_import"}],
        ),
        orders_api=orders_api,
    )
    query(
        conn, "UPDATE amazon.store SET import_enabled = true RETURNING store_id"
    )  # the admin enables import
    monkeypatch.setattr("amazon_orders.pipeline.extract.BUYER_DATA_REFETCH_PER_RUN", 1)
    runner.sync("amazon_order_import")  # the orders are long past the window: fetched again by id
    streets = query(
        conn,
        "SELECT so.ext_order_id, a.street FROM commerce.sales_order so "
        "JOIN commerce.sales_order_address a ON a.parent_id = so.entity_id "
        "WHERE a.address_type = 'shipping'",
    )
    assert streets == [
        {"ext_order_id": "111-0000001-0000001", "street": "12 St James's Square"}
    ]  # one a run here
    assert (
        query(conn, "SELECT count(*) AS n FROM amazon.open_blockers")[0]["n"] == 0
    )  # the other waits, unblocked
    waiting = query(
        conn, "SELECT order_notes FROM amazon.orders_grid WHERE amazon_order_id = '111-0000002-0000002'"
    )
    assert waiting[0]["order_notes"].startswith("Stored while import was disabled: fetched again")
    runner.sync("amazon_order_import")
    rows = query(conn, 'SELECT amazon_order_id, buyer_name, buyer_data FROM amazon."order" ORDER BY 1')
    assert [(r["buyer_name"], r["buyer_data"]) for r in rows] == [("Ada Lovelace", True)] * 2
    assert query(conn, "SELECT count(*) AS n FROM commerce.sales_order")[0]["n"] == 2
    get_order = "getOrder" if orders_api == ORDERS_V0 else "getOrder.2026-01-01"
    assert runner.sim.calls()[get_order] == 2  # each fetched again once


def test_an_order_amazon_no_longer_shows_never_stops_the_others_being_fetched_again(play, conn, monkeypatch):
    runner = play(
        world(
            order(1, ("AMZ-MUG", 1), **BUYER),
            order(2, ("AMZ-MUG", 1), **BUYER),
            stores=[store(import_enabled=False)],
            catalog=[product("MUG")],
            listings=[listing("MUG")],
            steps=[{"run": "amazon_order_import"}],
        ),
        orders_api=ORDERS_V0,
    )
    gone = next(o for o in runner.sim.orders() if o["order"]["AmazonOrderId"] == "111-0000001-0000001")
    runner.sim.add_seller("A2SOMEONEELSE", "Atzr|someone-else")
    runner.sim.put_order("A2SOMEONEELSE", gone["order"], gone["items"])  # our seller now gets a 404 for it
    query(conn, "UPDATE amazon.store SET import_enabled = true RETURNING store_id")
    monkeypatch.setattr(
        "amazon_orders.pipeline.extract.BUYER_DATA_REFETCH_PER_RUN", 1
    )  # the refused one first
    runner.sync("amazon_order_import")
    runner.sync("amazon_order_import")  # then it waits at the back, and the other's turn comes
    imported = query(conn, "SELECT ext_order_id FROM commerce.sales_order")
    assert imported == [{"ext_order_id": "111-0000002-0000002"}]
    waiting = query(
        conn, 'SELECT buyer_data FROM amazon."order" WHERE amazon_order_id = %s', ("111-0000001-0000001",)
    )
    assert waiting == [{"buyer_data": False}]  # kept, not imported without its buyer's data
