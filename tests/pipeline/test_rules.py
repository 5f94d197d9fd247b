"""Each row of DESIGN.md's Rules table, played against Postgres and the simulator over HTTP."""

from __future__ import annotations

from datetime import timedelta

import pytest

from amazon_orders import db
from amazon_orders.pipeline.shipments import ShipmentError
from amazon_orders.sp_api.model import ORDERS_2026, ORDERS_V0
from amazon_orders.sp_api.model.timestamps import format_amazon_time
from sp_api_simulator import SimulatorControl
from tests.views import blockers, execute, grid, query, salable
from tests.worlds import IMPORT, RECONCILE, listing, order, product, store, world

MUG = [product("MUG", qty=10)]
MUG_LISTED = [listing("MUG")]
OUTSIDE = "none needed: shipped outside Commerce"


def test_before_integration_is_stored_view_only(play, conn):
    play(world(order(1, ("AMZ-MUG", 1), purchased="2026-10-25T08:00:00Z"), catalog=MUG, listings=MUG_LISTED))
    row = grid(conn)["111-0000001-0000001"]
    assert row["commerce_order_number"] is None
    assert row["status"] == "Unshipped"
    assert "before the store was integrated" in row["order_notes"]


def test_import_disabled_store_is_view_only(play, conn):
    play(
        world(
            order(1, ("AMZ-MUG", 1)), stores=[store(import_enabled=False)], catalog=MUG, listings=MUG_LISTED
        )
    )
    row = grid(conn)["111-0000001-0000001"]
    assert row["commerce_order_number"] is None and row["status"] == "Unshipped"
    assert "disabled" in row["order_notes"]
    assert blockers(conn) == {}


def test_pending_is_not_created_then_unshipped_is_processing(play, conn):
    runner = play(
        world(order(1, ("AMZ-MUG", 2), status="Pending"), catalog=MUG, listings=MUG_LISTED, steps=[IMPORT])
    )
    assert grid(conn)["111-0000001-0000001"]["commerce_order_number"] is None
    assert salable(conn, "MUG") == 10  # the store does not reserve for pending orders (default)
    runner.sim.set_status("111-0000001-0000001", "Unshipped")
    runner.sync("amazon_order_import")
    row = grid(conn)["111-0000001-0000001"]
    assert row["commerce_status"] == "processing" and row["status"] == "Unshipped"
    assert salable(conn, "MUG") == 8


def test_pending_reservation_becomes_the_orders(play, conn):
    runner = play(
        world(
            order(1, ("AMZ-MUG", 2), status="Pending"),
            stores=[store(pending_orders="reserve")],
            catalog=MUG,
            listings=MUG_LISTED,
            steps=[IMPORT],
        )
    )
    assert salable(conn, "MUG") == 8
    assert "stock reserved" in grid(conn)["111-0000001-0000001"]["order_notes"]
    runner.sim.set_status("111-0000001-0000001", "Unshipped")
    runner.sync("amazon_order_import")
    assert grid(conn)["111-0000001-0000001"]["commerce_status"] == "processing"
    assert salable(conn, "MUG") == 8  # the pending reservation became the order's, not a second one


def test_pending_reservation_released_on_cancel(play, conn):
    runner = play(
        world(
            order(1, ("AMZ-MUG", 3), status="Pending"),
            stores=[store(pending_orders="reserve")],
            catalog=MUG,
            listings=MUG_LISTED,
            steps=[IMPORT],
        )
    )
    assert salable(conn, "MUG") == 7
    runner.sim.set_status("111-0000001-0000001", "Canceled")
    runner.sync("amazon_order_reconciliation")
    assert salable(conn, "MUG") == 10
    assert grid(conn)["111-0000001-0000001"]["commerce_order_number"] is None


def test_merchant_fulfilled_unshipped_is_created_processing_with_stock_reserved(play, conn):
    play(world(order(1, ("AMZ-MUG", 3)), catalog=MUG, listings=MUG_LISTED))
    row = grid(conn)["111-0000001-0000001"]
    assert row["commerce_status"] == "processing"
    assert row["commerce_order_number"] == "000000001"
    assert salable(conn, "MUG") == 7
    sales = query(conn, "SELECT * FROM commerce.sales_order")[0]
    assert sales["ext_order_id"] == "111-0000001-0000001" and float(sales["grand_total"]) == 30.0


def test_custom_processing_status(play, conn):
    play(
        world(
            order(1, ("AMZ-MUG", 1)),
            stores=[store(processing_status="amazon_processing")],
            catalog=MUG,
            listings=MUG_LISTED,
        )
    )
    assert grid(conn)["111-0000001-0000001"]["commerce_status"] == "amazon_processing"


def test_amazon_fulfilled_shipped_is_created_complete_without_stock(play, conn):
    play(
        world(
            order(1, ("AMZ-MUG", 2), status="Shipped", channel="AFN"),
            order(2, ("AMZ-MUG", 1), status="Unshipped", channel="AFN"),
            catalog=[product("MUG", qty=0)],
            listings=MUG_LISTED,
        )
    )
    rows = grid(conn)
    assert rows["111-0000001-0000001"]["commerce_status"] == "complete"
    assert rows["111-0000001-0000001"]["status"] == "Completed"
    assert rows["111-0000002-0000002"]["commerce_order_number"] is None  # AFN only when Shipped
    assert salable(conn, "MUG") == 0
    assert query(conn, "SELECT count(*) AS n FROM commerce.inventory_reservation")[0]["n"] == 0


def test_amazon_fulfilled_order_is_never_shipped_or_confirmed_back(play, conn):
    runner = play(
        world(
            order(1, ("AMZ-MUG", 1), status="Shipped", channel="AFN"),
            catalog=MUG,
            listings=MUG_LISTED,
            steps=[IMPORT],
        )
    )
    with pytest.raises(ShipmentError, match="Amazon-fulfilled|complete"):
        runner._steps()["ship"]({"order": "111-0000001-0000001", "carrier": "UPS", "tracking": "T1"})
    runner.sync("amazon_order_reconciliation")
    assert runner.sim.confirmations() == []
    assert grid(conn)["111-0000001-0000001"]["commerce_status"] == "complete"


def test_not_in_catalog_then_matched_imports_at_next_sync(play, conn):
    runner = play(
        world(
            order(1, ("AMZ-LAMP", 1)),
            catalog=[product("LAMP")],
            listings=[listing(None, "AMZ-LAMP")],
            steps=[IMPORT],
        )
    )
    assert blockers(conn) == {"111-0000001-0000001": {"NOT_IN_CATALOG"}}
    assert grid(conn)["111-0000001-0000001"]["status"] == "Error"
    runner._steps()["match_listing"]({"store": "US Store", "seller_sku": "AMZ-LAMP", "sku": "LAMP"})
    runner.sync("amazon_order_import")
    assert blockers(conn) == {}
    assert grid(conn)["111-0000001-0000001"]["commerce_status"] == "processing"


def test_unknown_listing_is_not_in_catalog(play, conn):
    play(world(order(1, ("NEVER-LISTED", 1)), catalog=MUG, listings=MUG_LISTED))
    assert blockers(conn) == {"111-0000001-0000001": {"NOT_IN_CATALOG"}}


def test_product_disabled_then_enabled_imports(play, conn):
    runner = play(
        world(
            order(1, ("AMZ-MUG", 1)),
            catalog=[product("MUG", enabled=False)],
            listings=MUG_LISTED,
            steps=[IMPORT],
        )
    )
    assert blockers(conn) == {"111-0000001-0000001": {"PRODUCT_DISABLED"}}
    runner._steps()["set_enabled"]({"sku": "MUG", "enabled": True})
    runner.sync("amazon_order_import")
    assert blockers(conn) == {} and grid(conn)["111-0000001-0000001"]["commerce_status"] == "processing"


def test_out_of_stock_in_purchase_order_then_restocked(play, conn):
    runner = play(
        world(
            order(2, ("AMZ-MUG", 1), purchased="2026-11-20T10:30:00Z"),
            order(1, ("AMZ-MUG", 1), purchased="2026-11-20T10:00:00Z"),
            catalog=[product("MUG", qty=1)],
            listings=MUG_LISTED,
            steps=[IMPORT],
        )
    )
    rows = grid(conn)
    assert rows["111-0000001-0000001"]["commerce_status"] == "processing"  # the earlier purchase wins
    assert blockers(conn) == {"111-0000002-0000002": {"OUT_OF_STOCK"}}
    assert salable(conn, "MUG") == 0
    runner._steps()["set_stock"]({"sku": "MUG", "qty": 3})
    runner.sync("amazon_order_import")
    assert blockers(conn) == {} and salable(conn, "MUG") == 1


def test_order_blocked_for_another_reason_takes_no_stock(play, conn):
    # Order 1 (earlier) wants MUG and an unmatched lamp: blocked, so order 2 gets the only mug.
    play(
        world(
            order(1, ("AMZ-MUG", 1), ("AMZ-LAMP", 1), purchased="2026-11-20T10:00:00Z"),
            order(2, ("AMZ-MUG", 1), purchased="2026-11-20T10:30:00Z"),
            catalog=[product("MUG", qty=1)],
            listings=MUG_LISTED,
        )
    )
    assert blockers(conn) == {"111-0000001-0000001": {"NOT_IN_CATALOG"}}
    assert grid(conn)["111-0000002-0000002"]["commerce_status"] == "processing"


def test_two_lines_of_one_product_need_their_sum(play, conn):
    play(
        world(order(1, ("AMZ-MUG", 2), ("AMZ-MUG", 2)), catalog=[product("MUG", qty=3)], listings=MUG_LISTED)
    )
    assert blockers(conn) == {"111-0000001-0000001": {"OUT_OF_STOCK"}}
    assert salable(conn, "MUG") == 3


def test_invalid_order_data_names_the_field(play, conn):
    bad_currency = order(1, ("AMZ-MUG", 1))
    bad_currency["items"][0]["ItemPrice"]["CurrencyCode"] = "EUR"
    zero_quantity = order(2, ("AMZ-MUG", 0))
    no_items = order(3)
    play(
        world(
            bad_currency, zero_quantity, no_items, order(4, ("AMZ-MUG", 1)), catalog=MUG, listings=MUG_LISTED
        )
    )
    details = {r["amazon_order_id"]: r["detail"] for r in query(conn, "SELECT * FROM amazon.open_blockers")}
    assert "ItemPrice.CurrencyCode" in details["111-0000001-0000001"]
    assert "QuantityOrdered" in details["111-0000002-0000002"]
    assert "OrderItems" in details["111-0000003-0000003"]
    assert blockers(conn)["111-0000001-0000001"] == {"INVALID_ORDER_DATA"}
    assert grid(conn)["111-0000004-0000004"]["commerce_status"] == "processing"  # the others go on


def test_canceled_before_import_is_never_created(play, conn):
    play(world(order(1, ("AMZ-MUG", 1), status="Canceled"), catalog=MUG, listings=MUG_LISTED))
    row = grid(conn)["111-0000001-0000001"]
    assert row["commerce_order_number"] is None and row["status"] == "Canceled"
    assert salable(conn, "MUG") == 10


def test_canceled_after_import_cancels_and_releases_stock(play, conn):
    runner = play(world(order(1, ("AMZ-MUG", 4)), catalog=MUG, listings=MUG_LISTED, steps=[IMPORT]))
    assert salable(conn, "MUG") == 6
    runner.sim.set_status("111-0000001-0000001", "Canceled")
    runner.sync("amazon_order_reconciliation")
    row = grid(conn)["111-0000001-0000001"]
    assert row["commerce_status"] == "canceled" and row["amazon_status"] == "Canceled"
    assert salable(conn, "MUG") == 10


def test_shipped_in_commerce_is_confirmed_then_complete(play, conn):
    runner = play(
        world(
            order(1, ("AMZ-MUG", 2)),
            catalog=MUG,
            listings=MUG_LISTED,
            steps=[
                IMPORT,
                {
                    "ship": {
                        "order": "111-0000001-0000001",
                        "carrier": "UPS",
                        "tracking": "1Z999AA10123456784",
                    }
                },
                RECONCILE,
            ],
        )
    )
    confirmations = runner.sim.confirmations()
    assert len(confirmations) == 1
    assert confirmations[0]["body"]["packageDetail"]["trackingNumber"] == "1Z999AA10123456784"
    runner.sync("amazon_order_reconciliation")  # the next run sees Amazon's Shipped
    row = grid(conn)["111-0000001-0000001"]
    assert row["amazon_status"] == "Shipped" and row["commerce_status"] == "complete"
    assert row["status"] == "Completed"
    runner.sync("amazon_order_reconciliation")
    assert len(runner.sim.confirmations()) == 1  # never sent twice
    stock = query(conn, "SELECT quantity FROM commerce.inventory_source_item WHERE sku = 'MUG'")[0]
    assert float(stock["quantity"]) == 8 and salable(conn, "MUG") == 8


def test_order_number_source_amazon_and_customer_accounts(play, conn):
    buyer = {"BuyerInfo": {"BuyerEmail": "buyer1@marketplace.example", "BuyerName": "Ada Lovelace"}}
    play(
        world(
            order(1, ("AMZ-MUG", 1), **buyer),
            order(2, ("AMZ-MUG", 1), **buyer),
            stores=[store(order_number_source="amazon", customer_creation="create")],
            catalog=MUG,
            listings=MUG_LISTED,
        )
    )
    numbers = {r["commerce_order_number"] for r in grid(conn).values()}
    assert numbers == {"111-0000001-0000001", "111-0000002-0000002"}
    customers = query(conn, "SELECT email, firstname FROM commerce.customer_entity")
    assert customers == [{"email": "buyer1@marketplace.example", "firstname": "Ada"}]  # found again by email
    assert {
        r["customer_is_guest"] for r in query(conn, "SELECT customer_is_guest FROM commerce.sales_order")
    } == {False}


def test_system_message_names_the_stores_with_blockers(play, conn):
    play(
        world(
            order(1, ("AMZ-LAMP", 1)),
            order(2, ("AMZ-MUG", 1), store_name="EU Store"),
            stores=[store(), store("EU Store", seller_id="A2SELLEREU")],
            catalog=MUG,
            listings=[*MUG_LISTED, listing("MUG", store_name="EU Store")],
        )
    )
    messages = query(conn, "SELECT text FROM amazon.system_messages")
    assert [m["text"] for m in messages] == [
        "Your Amazon store(s) has orders that cannot be imported into Commerce. "
        "See Recent Orders in the store dashboard(s): US Store"
    ]


def test_partial_shipment_then_the_rest(play, conn):
    runner = play(
        world(
            order(1, ("AMZ-MUG", 2), ("AMZ-CUP", 1)),
            catalog=[*MUG, product("CUP")],
            listings=[*MUG_LISTED, listing("CUP")],
            steps=[IMPORT],
        )
    )
    item = "00000010000001"
    ship = runner._steps()["ship"]
    ship(
        {
            "order": "111-0000001-0000001",
            "carrier": "UPS",
            "tracking": "T1",
            "items": [{"order_item_id": item, "qty": 1}],
        }
    )
    ship(
        {
            "order": "111-0000001-0000001",
            "carrier": "UPS",
            "tracking": "T1",
            "items": [{"order_item_id": item, "qty": 1}],
        }
    )
    runner.sync("amazon_order_reconciliation")
    assert runner.sim.orders()[0]["order"]["OrderStatus"] == "PartiallyShipped"
    runner.sync("amazon_order_reconciliation")
    row = grid(conn)["111-0000001-0000001"]
    assert (row["status"], row["commerce_status"]) == ("PartiallyShipped", "processing")
    ship({"order": "111-0000001-0000001", "carrier": "UPS", "tracking": "T2"})  # the rest
    runner.sync("amazon_order_reconciliation")
    runner.sync("amazon_order_reconciliation")
    row = grid(conn)["111-0000001-0000001"]
    assert (row["status"], row["commerce_status"]) == ("Completed", "complete")
    assert len(runner.sim.confirmations()) == 2
    assert salable(conn, "MUG") == 8 and salable(conn, "CUP") == 9


def test_buyer_requested_cancel_is_shown_until_canceled(play, conn):
    requested = order(1, ("AMZ-MUG", 1))
    requested["items"][0]["BuyerRequestedCancel"] = {
        "IsBuyerRequestedCancel": "true",
        "BuyerCancelReason": "ordered by mistake",
    }
    runner = play(world(requested, catalog=MUG, listings=MUG_LISTED, steps=[IMPORT, RECONCILE, RECONCILE]))
    row = grid(conn)["111-0000001-0000001"]
    assert row["buyer_requested_cancel"] is True
    assert row["order_notes"].startswith("Buyer requested cancellation: ordered by mistake")
    notes = query(conn, "SELECT note FROM amazon.order_event WHERE note LIKE 'Buyer requested%%'")
    assert len(notes) == 1  # once, not at every run
    runner.sim.set_status("111-0000001-0000001", "Canceled")
    runner.sync("amazon_order_reconciliation")
    row = grid(conn)["111-0000001-0000001"]
    assert row["buyer_requested_cancel"] is False and row["commerce_status"] == "canceled"


@pytest.mark.usefixtures("conn")
def test_canceled_order_is_never_shipped_or_confirmed(play):
    runner = play(world(order(1, ("AMZ-MUG", 1)), catalog=MUG, listings=MUG_LISTED, steps=[IMPORT]))
    runner.sim.set_status("111-0000001-0000001", "Canceled")
    runner.sync("amazon_order_reconciliation")
    with pytest.raises(ShipmentError, match="canceled"):
        runner._steps()["ship"]({"order": "111-0000001-0000001", "carrier": "UPS", "tracking": "T1"})
    assert runner.sim.confirmations() == []


def test_amazon_status_history_names_the_run(play, conn):
    runner = play(
        world(order(1, ("AMZ-MUG", 1), status="Pending"), catalog=MUG, listings=MUG_LISTED, steps=[IMPORT])
    )
    runner.sim.set_status("111-0000001-0000001", "Unshipped")
    runner.sync("amazon_order_import")
    runner.sync("amazon_order_import")  # nothing new: no new history row
    history = query(
        conn, "SELECT from_status, to_status, run_key FROM amazon.order_status_change ORDER BY change_id"
    )
    assert [(h["from_status"], h["to_status"]) for h in history] == [
        (None, "Pending"),
        ("Pending", "Unshipped"),
    ]
    assert history[0]["run_key"] != history[1]["run_key"]


def test_status_drift_shows_commerce_canceled_while_amazon_unshipped(play, conn):
    play(world(order(1, ("AMZ-MUG", 1)), catalog=MUG, listings=MUG_LISTED))
    execute(conn, "UPDATE commerce.sales_order SET status = 'canceled'")  # canceled in Commerce by hand
    assert query(conn, "SELECT * FROM amazon.status_drift") == []  # not yet longer than a run
    execute(conn, "UPDATE amazon.\"order\" SET fetched_at = now() - interval '1 hour'")
    execute(conn, "UPDATE commerce.sales_order SET updated_at = now() - interval '1 hour'")
    drift = query(conn, "SELECT amazon_order_id, disagreement, drifting_for FROM amazon.status_drift")
    assert [(d["amazon_order_id"], d["disagreement"]) for d in drift] == [
        ("111-0000001-0000001", "Commerce canceled, Amazon not canceled")
    ]
    assert drift[0]["drifting_for"].total_seconds() >= 3600


def _shipments(conn) -> list[dict]:
    """The order's shipments as its dashboard page lists them."""
    shown = db.fetch_all(conn, "dashboard/order_tracking", {"amazon_order_id": "111-0000001-0000001"})
    return [{k: s[k] for k in ("total_qty", "track_number", "confirmation")} for s in shown]


def _shelf(conn, sku: str) -> float:
    return float(
        query(conn, "SELECT quantity FROM commerce.inventory_source_item WHERE sku = %s", (sku,))[0][
            "quantity"
        ]
    )


def test_shipped_outside_commerce_is_recorded_then_complete(play, conn):
    runner = play(world(order(1, ("AMZ-MUG", 2)), catalog=MUG, listings=MUG_LISTED, steps=[IMPORT]))
    runner.sim.set_status("111-0000001-0000001", "Shipped")  # shipped from Seller Central
    runner.sync("amazon_order_reconciliation")
    row = grid(conn)["111-0000001-0000001"]
    assert (row["status"], row["commerce_status"]) == ("Completed", "complete")
    notes = [e["note"] for e in query(conn, "SELECT note FROM amazon.order_event ORDER BY event_id")]
    assert notes[-2:] == [
        "Shipped outside Commerce (Amazon reports Shipped): shipment #000000001 recorded, nothing to confirm",
        "Commerce order #000000001: complete (Amazon reports Shipped)",
    ]
    assert _shipments(conn) == [{"total_qty": 2, "track_number": None, "confirmation": OUTSIDE}]
    assert (
        _shelf(conn, "MUG") == 8 and salable(conn, "MUG") == 8
    )  # off the shelf; the reservation compensated
    runner.sync("amazon_order_reconciliation")
    assert len(_shipments(conn)) == 1 and runner.sim.confirmations() == []  # once, and nothing sent back
    with pytest.raises(ShipmentError, match="complete"):
        runner._steps()["ship"]({"order": "111-0000001-0000001", "carrier": "UPS", "tracking": "T1"})


def test_merchant_fulfilled_created_at_shipped_completes_at_reconciliation(play, conn):
    play(
        world(
            order(1, ("AMZ-MUG", 3), status="Shipped"),
            catalog=MUG,
            listings=MUG_LISTED,
            steps=[IMPORT, RECONCILE],
        )
    )
    row = grid(conn)["111-0000001-0000001"]
    assert (row["status"], row["commerce_status"]) == ("Completed", "complete")
    assert _shelf(conn, "MUG") == 7 and salable(conn, "MUG") == 7


def test_partly_shipped_outside_commerce_then_the_rest_in_commerce(play, conn):
    runner = play(
        world(
            order(1, ("AMZ-MUG", 2), ("AMZ-CUP", 1)),
            catalog=[*MUG, product("CUP")],
            listings=[*MUG_LISTED, listing("CUP")],
            steps=[IMPORT],
        )
    )
    stored = runner.sim.orders()[0]
    mug = next(i for i in stored["items"] if i["SellerSKU"] == "AMZ-MUG")
    mug["QuantityShipped"] = 1  # one mug shipped from Seller Central
    stored["order"].update(
        OrderStatus="PartiallyShipped", LastUpdateDate=format_amazon_time(runner.sim.now())
    )
    runner.sim.put_order(stored["seller_id"], stored["order"], stored["items"])
    runner.sync("amazon_order_reconciliation")
    runner.sync("amazon_order_reconciliation")
    row = grid(conn)["111-0000001-0000001"]
    assert (row["status"], row["commerce_status"]) == ("PartiallyShipped", "processing")
    assert _shipments(conn) == [{"total_qty": 1, "track_number": None, "confirmation": OUTSIDE}]
    assert _shelf(conn, "MUG") == 9 and salable(conn, "MUG") == 8
    runner._steps()["ship"]({"order": "111-0000001-0000001", "carrier": "UPS", "tracking": "T2"})  # the rest
    runner.sync("amazon_order_reconciliation")
    runner.sync("amazon_order_reconciliation")
    row = grid(conn)["111-0000001-0000001"]
    assert (row["status"], row["commerce_status"]) == ("Completed", "complete")
    [confirmation] = runner.sim.confirmations()
    assert sorted(
        (i["orderItemId"], i["quantity"]) for i in confirmation["body"]["packageDetail"]["orderItems"]
    ) == [("00000010000001", 1), ("00000010000002", 1)]
    assert len(_shipments(conn)) == 2
    assert _shelf(conn, "MUG") == 8 and salable(conn, "MUG") == 8 and salable(conn, "CUP") == 9


def _listings(conn) -> dict[str, tuple]:
    rows = query(
        conn,
        """SELECT l.seller_sku, p.sku, l.matched_by FROM amazon.listing l
                          LEFT JOIN commerce.catalog_product_entity p ON p.entity_id = l.product_id""",
    )
    return {r["seller_sku"]: (r["sku"], r["matched_by"]) for r in rows}


def test_listings_matched_by_sku_then_a_product_added_later(play, conn):
    runner = play(
        world(
            order(1, ("MUG", 1)),
            order(2, ("LAMP", 1)),
            stores=[store(listing_match="sku")],
            catalog=MUG,
            steps=[IMPORT],
        )
    )  # no listing at all: the Seller SKUs are the SKUs
    assert grid(conn)["111-0000001-0000001"]["commerce_status"] == "processing"
    assert blockers(conn) == {"111-0000002-0000002": {"NOT_IN_CATALOG"}}
    assert _listings(conn) == {"MUG": ("MUG", "sku")}
    runner._steps()["add_product"](product("LAMP", qty=3))
    runner.sync("amazon_order_import")
    assert grid(conn)["111-0000002-0000002"]["commerce_status"] == "processing" and blockers(conn) == {}
    assert _listings(conn) == {"MUG": ("MUG", "sku"), "LAMP": ("LAMP", "sku")}


def test_listings_matched_by_asin_attribute(play, conn):
    play(
        world(
            order(1, ("AMZ-ANY-SKU", 2)),
            stores=[store(listing_match="asin")],
            catalog=[{**product("MUG"), "asin": "B0TEST0001"}],
        )
    )
    assert grid(conn)["111-0000001-0000001"]["commerce_status"] == "processing"
    assert _listings(conn) == {"AMZ-ANY-SKU": ("MUG", "asin")} and salable(conn, "MUG") == 8


def test_automatic_matching_leaves_a_hand_made_unmatch_and_manual_stores_alone(play, conn):
    play(
        world(
            order(1, ("MUG", 1)),
            order(2, ("MUG", 1), store_name="EU Store"),
            stores=[store(listing_match="sku"), store("EU Store", seller_id="A2SELLEREU")],
            catalog=MUG,
            listings=[listing(None, seller_sku="MUG")],
        )
    )  # US Store: unmatched by hand
    assert blockers(conn) == {
        "111-0000001-0000001": {"NOT_IN_CATALOG"},
        "111-0000002-0000002": {"NOT_IN_CATALOG"},
    }
    assert _listings(conn) == {"MUG": (None, "manual")}


def test_orders_go_to_the_stores_commerce_store_view(play, conn):
    play(
        world(
            order(1, ("AMZ-MUG", 1)),
            order(2, ("AMZ-MUG", 1), store_name="EU Store"),
            stores=[store(), store("EU Store", seller_id="A2SELLEREU", store_view="eu_view")],
            catalog=MUG,
            listings=[*MUG_LISTED, listing("MUG", store_name="EU Store")],
        )
    )
    views = query(
        conn,
        """SELECT so.ext_order_id, v.code FROM commerce.sales_order so
                           JOIN commerce.store v ON v.store_id = so.store_id ORDER BY 1""",
    )
    assert [(v["ext_order_id"], v["code"]) for v in views] == [
        ("111-0000001-0000001", "default"),
        ("111-0000002-0000002", "eu_view"),
    ]


# InvoiceUnconfirmed is v0's alone (v2026 shows such an order as UNSHIPPED); both have Unfulfillable.
@pytest.mark.parametrize(
    ("orders_api", "status"),
    [(ORDERS_V0, "InvoiceUnconfirmed"), (ORDERS_V0, "Unfulfillable"), (ORDERS_2026, "Unfulfillable")],
)
def test_a_blocked_order_that_moves_to_a_status_never_imported_is_no_longer_an_error(
    play, conn, orders_api, status
):
    document = world(order(1, ("AMZ-LAMP", 1)), catalog=MUG, listings=MUG_LISTED, steps=[IMPORT])
    runner = play(document, orders_api=orders_api)
    assert blockers(conn) == {"111-0000001-0000001": {"NOT_IN_CATALOG"}}
    runner.sim.set_status("111-0000001-0000001", status)
    runner.sync("amazon_order_import")
    assert blockers(conn) == {}
    assert grid(conn)["111-0000001-0000001"]["status"] == status


def test_pending_availability_is_not_created_and_reserves_when_the_store_says_so(play, conn):
    play(
        world(
            order(1, ("AMZ-MUG", 2), status="PendingAvailability"),
            order(2, ("AMZ-MUG", 1), channel="AFN"),
            stores=[store(pending_orders="reserve")],
            catalog=MUG,
            listings=MUG_LISTED,
        )
    )
    rows = grid(conn)
    assert rows["111-0000001-0000001"]["commerce_order_number"] is None and salable(conn, "MUG") == 8
    assert (
        rows["111-0000001-0000001"]["order_notes"]
        == "Pending on Amazon: Commerce order at Unshipped, stock reserved"
    )
    assert (
        rows["111-0000002-0000002"]["order_notes"] == "Amazon-fulfilled: Commerce order when Amazon ships it"
    )


def test_recent_orders_are_each_stores_ten_newest(play, conn):
    orders = [order(n, ("AMZ-MUG", 1), purchased=f"2026-11-20T{n:02d}:00:00Z") for n in range(1, 12)]
    play(
        world(
            *orders,
            order(12, ("AMZ-MUG", 1), store_name="EU Store"),
            stores=[store(), store("EU Store", seller_id="A2SELLEREU")],
            catalog=[product("MUG", qty=20)],
            listings=[*MUG_LISTED, listing("MUG", store_name="EU Store")],
        )
    )
    recent = query(
        conn,
        "SELECT store_name, amazon_order_id, recent_rank FROM amazon.recent_orders "
        "ORDER BY store_name, recent_rank",
    )
    assert [(r["store_name"], r["recent_rank"]) for r in recent] == [("EU Store", 1)] + [
        ("US Store", k) for k in range(1, 11)
    ]
    us = [r["amazon_order_id"] for r in recent if r["store_name"] == "US Store"]
    assert us == [f"111-{n:07d}-{n:07d}" for n in range(11, 1, -1)]  # newest first; the oldest left out


def test_first_sync_looks_back_thirty_days_before_integration(play, conn):
    play(
        world(
            order(1, ("AMZ-MUG", 1), purchased="2026-10-05T08:00:00Z"),
            order(2, ("AMZ-MUG", 1), purchased="2026-09-25T08:00:00Z"),
            catalog=MUG,
            listings=MUG_LISTED,
        )
    )
    assert set(grid(conn)) == {"111-0000001-0000001"}  # integrated 2026-11-01: the window starts 2026-10-02


def test_an_order_amazon_moves_on_by_itself_is_imported_at_the_next_sync(play, conn, sim_url):
    amazon = SimulatorControl(sim_url)
    amazon.settings(pending_minutes=30)  # Amazon authorizes payments 30 minutes on (from now)
    placed = format_amazon_time(amazon.now() - timedelta(minutes=10))
    runner = play(
        world(
            order(1, ("AMZ-MUG", 2), status="Pending", purchased=placed),
            catalog=MUG,
            listings=MUG_LISTED,
            steps=[IMPORT],
        )
    )
    assert grid(conn)["111-0000001-0000001"]["status"] == "Pending"
    runner._steps()["advance_clock"]({"minutes": 30})
    runner.sync("amazon_order_import")
    row = grid(conn)["111-0000001-0000001"]
    assert (row["status"], row["commerce_status"]) == ("Unshipped", "processing") and salable(
        conn, "MUG"
    ) == 8


def test_two_lines_of_one_product_shipped_outside_commerce_release_all_their_stock(play, conn):
    runner = play(
        world(order(1, ("AMZ-MUG", 1), ("AMZ-MUG", 2)), catalog=MUG, listings=MUG_LISTED, steps=[IMPORT])
    )
    assert salable(conn, "MUG") == 7
    runner.sim.set_status("111-0000001-0000001", "Shipped")
    runner.sync("amazon_order_reconciliation")
    assert grid(conn)["111-0000001-0000001"]["commerce_status"] == "complete"
    assert _shelf(conn, "MUG") == 7 and salable(conn, "MUG") == 7


def test_a_shipment_commerce_cannot_record_never_stops_the_rest_of_reconciliation(play, conn):
    runner = play(
        world(
            order(1, ("AMZ-MUG", 2)),
            order(2, ("AMZ-CUP", 1)),
            catalog=[*MUG, product("CUP")],
            listings=[*MUG_LISTED, listing("CUP")],
            steps=[IMPORT],
        )
    )
    execute(
        conn, "UPDATE commerce.inventory_source_item SET quantity = 0 WHERE sku = 'MUG'"
    )  # counted elsewhere
    runner.sim.set_status("111-0000001-0000001", "Shipped")
    runner.sim.set_status("111-0000002-0000002", "Canceled")
    runner.sync("amazon_order_reconciliation")
    rows = grid(conn)
    assert rows["111-0000002-0000002"]["commerce_status"] == "canceled" and salable(conn, "CUP") == 10
    assert rows["111-0000001-0000001"]["commerce_status"] == "processing" and _shipments(conn) == []
    assert rows["111-0000001-0000001"]["order_notes"] == (
        "Shipped outside Commerce (Amazon reports Shipped), not recorded: "
        "product MUG: 2 to take off the shelf, fewer on it (source default holds 0)"
    )
    runner.sync("amazon_order_reconciliation")
    notes = query(conn, "SELECT count(*) AS n FROM amazon.order_event WHERE note LIKE '%%not recorded%%'")
    assert notes[0]["n"] == 1  # said once, not at every run
    execute(conn, "UPDATE commerce.inventory_source_item SET quantity = 5 WHERE sku = 'MUG'")  # recounted
    runner.sync("amazon_order_reconciliation")
    assert grid(conn)["111-0000001-0000001"]["commerce_status"] == "complete" and _shelf(conn, "MUG") == 3


def test_shipping_more_than_the_shelf_holds_is_refused_by_name(play, conn):
    runner = play(world(order(1, ("AMZ-MUG", 2)), catalog=MUG, listings=MUG_LISTED, steps=[IMPORT]))
    execute(conn, "UPDATE commerce.inventory_source_item SET quantity = 1 WHERE sku = 'MUG'")
    with pytest.raises(ShipmentError, match="product MUG: 2 to take off the shelf, fewer on it"):
        runner._steps()["ship"]({"order": "111-0000001-0000001", "carrier": "UPS", "tracking": "T1"})
    assert _shipments(conn) == [] and _shelf(conn, "MUG") == 1  # nothing half-written
