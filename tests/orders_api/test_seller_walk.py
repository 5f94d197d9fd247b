"""Orders API v2026: one searchOrders walk per seller over all its marketplaces, routed to the
stores; the buyer's data only for stores that import, and never kept for the others."""

from __future__ import annotations

import pytest

from amazon_orders import credentials
from amazon_orders.pipeline import seller_walk
from amazon_orders.settings import IMPORT_DAG_ID, RECONCILIATION_DAG_ID
from amazon_orders.sp_api.client import ApiPage
from tests.views import query
from tests.worlds import IMPORT, listing, order, product, store, world

# A European seller: nine marketplaces, nine stores.
EU = {
    "UK": "A1F83G8C2ARO7P",
    "DE": "A1PA6795UKMFR9",
    "FR": "A13V1IB3VIYZZH",
    "IT": "APJ6JRA9NG5V4",
    "ES": "A1RKKUPIHCS9HS",
    "NL": "A1805IZSGTT6HS",
    "SE": "A2NODRKZP88ZB9",
    "PL": "A1C3SOZRARQ6R3",
    "BE": "AMEN7PMS3EDWL",
}
SELLER = "A2SELLEREU"


def european_world(steps: list[dict], view_only: tuple[str, ...] = ()) -> dict:
    stores = [
        store(f"{code} Store", seller_id=SELLER, marketplace_id=market, import_enabled=code not in view_only)
        for code, market in EU.items()
    ]
    orders = []
    for n, (code, market) in enumerate(EU.items(), start=1):
        entry = order(
            n,
            (f"AMZ-MUG-{code}", 1),
            store_name=f"{code} Store",
            BuyerInfo={"BuyerName": f"Buyer {code}", "BuyerEmail": f"b{n}@marketplace.amazon.eu"},
        )
        entry["order"]["MarketplaceId"] = market
        orders.append(entry)
    catalog = [product(f"MUG-{code}", qty=5) for code in EU]
    listings = [listing(f"MUG-{code}", store_name=f"{code} Store") for code in EU]
    return world(*orders, stores=stores, catalog=catalog, listings=listings, steps=steps)


def searches(conn) -> list[dict]:
    return query(conn, "SELECT store_id, params FROM amazon.api_response WHERE operation = 'searchOrders'")


def test_one_walk_serves_nine_marketplaces_and_routes_each_order_to_its_store(play, conn):
    runner = play(european_world([IMPORT]))
    walks = searches(conn)
    assert len(walks) == 1, "one searchOrders call for the seller's nine marketplaces"
    assert sorted(walks[0]["params"]["marketplaceIds"].split(",")) == sorted(EU.values())
    imported = query(
        conn,
        """SELECT s.name, so.ext_order_id FROM commerce.sales_order so
                              JOIN amazon."order" o ON o.amazon_order_id = so.ext_order_id
                              JOIN amazon.store s ON s.store_id = o.store_id ORDER BY 2""",
    )
    assert [(r["name"], r["ext_order_id"]) for r in imported] == [
        (f"{code} Store", f"111-{n:07d}-{n:07d}") for n, code in enumerate(EU, start=1)
    ]
    watermarks = query(conn, "SELECT DISTINCT last_updated_before FROM amazon.watermark")
    assert len(watermarks) == 1 and len(query(conn, "SELECT * FROM amazon.watermark")) == len(EU)
    # The reconciliation right after shares the walk: nothing fetched again.
    runner.dags.dags_test(RECONCILIATION_DAG_ID)
    assert len(searches(conn)) == 1
    assert runner.sim.calls().get("getOrderItems", 0) == 0 and runner.sim.calls().get("getOrders", 0) == 0


def test_a_seller_syncs_every_five_minutes_within_searchorders_plan(play, conn):
    runner = play(european_world([IMPORT]))
    for _ in range(6):  # half an hour of syncs, both DAGs each time
        runner.sync(IMPORT_DAG_ID)
        runner.dags.dags_test(RECONCILIATION_DAG_ID)
    # One walk a sync, however many stores and DAGs: 7 calls in 35 minutes, under the burst of 20
    # and at 1 per 5 minutes, above the plan's one per 178 seconds only by the burst it refills.
    assert len(searches(conn)) == 7
    assert runner.sim.calls()["searchOrders"] == 7


def test_view_only_stores_are_never_asked_for_the_buyer_and_keep_none(play, conn):
    play(european_world([IMPORT], view_only=("DE", "FR")))
    walks = searches(conn)
    assert len(walks) == 2, "one walk for the importing stores, one for the view-only ones"
    asked = {frozenset(w["params"]["marketplaceIds"].split(",")): w["params"]["includedData"] for w in walks}
    view_only = frozenset({EU["DE"], EU["FR"]})
    assert "BUYER" not in asked[view_only] and "RECIPIENT" not in asked[view_only]
    assert "BUYER" in asked[frozenset(EU.values()) - view_only]
    rows = query(
        conn,
        """SELECT s.name, o.buyer_name, o.buyer_email, o.ship_city, o.buyer_data
                          FROM amazon."order" o JOIN amazon.store s USING (store_id) ORDER BY 1""",
    )
    for row in rows:
        if row["name"] in ("DE Store", "FR Store"):
            assert (row["buyer_name"], row["buyer_email"], row["ship_city"], row["buyer_data"]) == (
                None,
                None,
                None,
                False,
            )
        else:
            assert row["buyer_name"] and row["buyer_data"]


def test_personal_data_amazon_sends_for_a_view_only_store_is_dropped_before_it_is_kept():
    body = {
        "orders": [
            {
                "orderId": "1",
                "buyer": {"buyerName": "X"},
                "recipient": {"deliveryAddress": {}},
                "proceeds": {"grandTotal": {"amount": "1.00", "currencyCode": "EUR"}},
            }
        ]
    }
    page = ApiPage("searchOrders", {}, 200, body)
    kept = seller_walk._without_personal_data(page)
    assert kept.body["orders"] == [
        {"orderId": "1", "proceeds": {"grandTotal": {"amount": "1.00", "currencyCode": "EUR"}}}
    ]
    assert body["orders"][0]["buyer"] == {"buyerName": "X"}, "the answer itself is not changed in place"


def test_an_application_without_the_buyer_role_gets_a_named_error_and_its_orders_wait(play, conn):
    runner = play(european_world([]))
    runner.sim.withhold_roles(SELLER, ["BUYER"])
    runner.sim.advance(300)
    with pytest.raises(credentials.AccessRefused, match=r"seller A2SELLEREU .*Developer Central"):
        runner.dags.run_store(IMPORT_DAG_ID, 1, "manual__no_role")
    assert query(conn, "SELECT count(*) AS n FROM commerce.sales_order")[0]["n"] == 0
    runner.sim.withhold_roles(SELLER, [])
    runner.sync(IMPORT_DAG_ID)
    assert query(conn, "SELECT count(*) AS n FROM commerce.sales_order")[0]["n"] == len(EU)
