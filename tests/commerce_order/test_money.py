"""The complete Commerce order's money (issue 19): per line from either Orders API version, the
order's totals, tax by who collects it, base currency, payment, invoice and the admin grid.
Played against Postgres and the simulator over HTTP."""

from __future__ import annotations

from decimal import Decimal

import pytest

from amazon_orders.sp_api.model import ORDERS_2026, ORDERS_V0
from tests.views import blockers, execute, money_identity_breaks, order_document_breaks, query
from tests.worlds import (
    IMPORT,
    RECONCILE,
    UK,
    listing,
    money,
    order,
    product,
    store,
    uk_order,
    us_order,
    world,
)

US_ORDER = "111-0000001-0000001"


def sales_order(conn, amazon_order_id: str) -> dict:
    rows = query(conn, "SELECT * FROM commerce.sales_order WHERE ext_order_id = %s", (amazon_order_id,))
    assert rows, f"no Commerce order for {amazon_order_id}; blockers: {blockers(conn)}"
    return rows[0]


def one(conn, sql: str, params: tuple = ()) -> dict:
    rows = query(conn, sql, params)
    assert len(rows) == 1, rows
    return rows[0]


MUG = [product("MUG")]


@pytest.mark.parametrize("orders_api", [ORDERS_V0, ORDERS_2026])
def test_us_order_carries_shipping_tax_and_promotion(play, conn, orders_api):
    play(world(us_order(), catalog=MUG, listings=[listing("MUG")], steps=[IMPORT]), orders_api=orders_api)
    so = sales_order(conn, US_ORDER)
    assert so["subtotal"] == Decimal("20.00")
    assert so["shipping_amount"] == Decimal("4.99")
    assert so["tax_amount"] == Decimal("1.89")  # 1.65 + 0.41 - 0.17 on the discount
    assert so["discount_amount"] == Decimal("-2.00")
    assert so["discount_description"] == "SPRING-2"
    assert so["grand_total"] == Decimal("24.88")
    assert so["base_currency_code"] == "USD" and so["base_grand_total"] == Decimal("24.88")
    item = one(conn, "SELECT * FROM commerce.sales_order_item WHERE order_id = %s", (so["entity_id"],))
    assert (item["price"], item["row_total"], item["discount_amount"]) == (
        Decimal("10.00"),
        Decimal("20.00"),
        Decimal("2.00"),
    )
    assert item["tax_amount"] == Decimal("1.48") and item["tax_percent"] == Decimal("8.2500")
    assert money_identity_breaks(conn) == [] and order_document_breaks(conn) == []
    tax = one(conn, "SELECT * FROM commerce.sales_order_tax WHERE order_id = %s", (so["entity_id"],))
    assert tax["code"] == "amazon_marketplace_facilitator" and tax["amount"] == Decimal("1.89")
    assert tax["responsible_party"] == "Amazon Services, Inc."


def test_marketplace_facilitator_tax_left_off_the_order(play, conn):
    play(
        world(
            us_order(),
            stores=[store(marketplace_facilitator_tax="leave_off")],
            catalog=MUG,
            listings=[listing("MUG")],
            steps=[IMPORT],
        )
    )
    so = sales_order(conn, US_ORDER)
    assert so["tax_amount"] == 0 and so["grand_total"] == Decimal("22.99")  # 24.88 less Amazon's 1.89
    assert query(conn, "SELECT * FROM commerce.sales_order_tax") == []
    assert money_identity_breaks(conn) == [] and order_document_breaks(conn) == []


def test_uk_order_in_pounds_waits_for_its_rate_then_has_base_amounts(play, conn):
    uk = store("UK Store", seller_id="A2SELLERUK", marketplace_id=UK)
    runner = play(
        world(
            uk_order(),
            stores=[uk],
            catalog=MUG,
            listings=[listing("MUG", store_name="UK Store")],
            steps=[IMPORT],
        )
    )
    blocked = one(conn, "SELECT reason, detail FROM amazon.open_blockers")
    assert blocked["reason"] == "MISSING_CURRENCY_RATE"
    assert "USD to GBP" in blocked["detail"] and "directory_currency_rate" in blocked["detail"]
    execute(conn, "INSERT INTO commerce.directory_currency_rate VALUES ('USD', 'GBP', 0.80)")
    runner.sync(IMPORT["run"])
    so = sales_order(conn, "111-0000002-0000002")
    assert so["order_currency_code"] == "GBP" and so["base_to_order_rate"] == Decimal("0.8")
    assert so["subtotal"] == Decimal("20.00") and so["subtotal_incl_tax"] == Decimal("24.00")
    assert so["shipping_amount"] == Decimal("3.00") and so["shipping_incl_tax"] == Decimal("3.60")
    assert so["tax_amount"] == Decimal("4.60") and so["grand_total"] == Decimal("27.60")
    assert so["base_grand_total"] == Decimal("34.50") and so["base_subtotal"] == Decimal("25.00")
    assert blockers(conn) == {}
    assert money_identity_breaks(conn) == [] and order_document_breaks(conn) == []


def test_invoice_payment_and_grid_at_import(play, conn):
    play(world(us_order(), catalog=MUG, listings=[listing("MUG")], steps=[IMPORT]))
    so = sales_order(conn, US_ORDER)
    assert so["total_invoiced"] == so["total_paid"] == Decimal("24.88")
    invoice = one(conn, "SELECT * FROM commerce.sales_invoice WHERE order_id = %s", (so["entity_id"],))
    assert invoice["grand_total"] == Decimal("24.88") and invoice["state"] == 2
    assert (
        one(
            conn,
            "SELECT count(*) AS n FROM commerce.sales_invoice_item WHERE parent_id = %s",
            (invoice["entity_id"],),
        )["n"]
        == 1
    )
    payment = one(conn, "SELECT * FROM commerce.sales_order_payment WHERE parent_id = %s", (so["entity_id"],))
    assert payment["method"] == "amazon" and payment["amount_paid"] == payment["amount_ordered"] == Decimal(
        "24.88"
    )
    assert payment["additional_information"]["amazon_order_id"] == US_ORDER
    row = one(conn, "SELECT * FROM commerce.sales_order_grid WHERE entity_id = %s", (so["entity_id"],))
    assert (row["status"], row["increment_id"], row["grand_total"]) == (
        "processing",
        so["increment_id"],
        Decimal("24.88"),
    )
    assert row["payment_method"] == "amazon" and row["customer_group"] == "0"


def test_no_invoice_where_the_store_says_never(play, conn):
    play(
        world(
            us_order(),
            stores=[store(invoice_creation="never")],
            catalog=MUG,
            listings=[listing("MUG")],
            steps=[IMPORT],
        )
    )
    so = sales_order(conn, US_ORDER)
    assert so["total_invoiced"] == so["total_paid"] == 0
    assert query(conn, "SELECT * FROM commerce.sales_invoice") == []
    assert one(conn, "SELECT amount_paid FROM commerce.sales_order_payment")["amount_paid"] == 0


def test_amazon_fulfilled_order_is_invoiced_and_shipped_without_stock(play, conn):
    afn = us_order(status="Shipped", channel="AFN")
    play(
        world(
            afn,
            stores=[store(invoice_creation="never")],
            catalog=MUG,
            listings=[listing("MUG")],
            steps=[IMPORT, RECONCILE],
        )
    )
    so = sales_order(conn, US_ORDER)
    assert so["status"] == "complete" and so["total_paid"] == Decimal("24.88")
    assert (
        one(conn, "SELECT count(*) AS n FROM commerce.sales_invoice WHERE order_id = %s", (so["entity_id"],))[
            "n"
        ]
        == 1
    )
    shipment = one(conn, "SELECT * FROM commerce.sales_shipment WHERE order_id = %s", (so["entity_id"],))
    assert shipment["total_qty"] == 2
    assert query(conn, "SELECT * FROM commerce.sales_shipment_track") == []
    assert query(conn, "SELECT * FROM commerce.inventory_reservation") == []
    assert (
        one(conn, "SELECT quantity FROM commerce.inventory_source_item WHERE sku = 'MUG'")["quantity"] == 10
    )


def test_grid_follows_a_cancellation(play, conn):
    runner = play(world(us_order(), catalog=MUG, listings=[listing("MUG")], steps=[IMPORT]))
    runner.sim.set_status(US_ORDER, "Canceled")
    runner.sync(IMPORT["run"])
    runner.sync(RECONCILE["run"])
    so = sales_order(conn, US_ORDER)
    assert so["status"] == "canceled"
    assert (so["total_canceled"], so["base_total_canceled"]) == (so["grand_total"], so["base_grand_total"])
    row = one(
        conn,
        "SELECT status, updated_at FROM commerce.sales_order_grid WHERE entity_id = %s",
        (so["entity_id"],),
    )
    assert row["status"] == "canceled" and row["updated_at"] == so["updated_at"]


def test_total_that_does_not_add_up_is_blocked_naming_it(play, conn):
    wrong = order(1, ("AMZ-MUG", 1))
    wrong["order"]["OrderTotal"] = money("20.00")  # one 10.00 line
    play(world(wrong, catalog=MUG, listings=[listing("MUG")], steps=[IMPORT]))
    blocked = one(conn, "SELECT reason, detail, order_item_id FROM amazon.open_blockers")
    assert blocked["reason"] == "INVALID_ORDER_DATA" and blocked["order_item_id"] == ""
    assert (
        blocked["detail"].startswith("OrderTotal 20.00 does not equal the order's amounts")
        and "= 10.00" in blocked["detail"]
    )
    assert query(conn, "SELECT * FROM commerce.sales_order") == []


def test_repeated_order_item_id_is_blocked_not_imported_with_a_line_dropped(play, conn):
    twice = order(1, ("AMZ-MUG", 1), ("AMZ-MUG", 1))
    twice["items"][1]["OrderItemId"] = twice["items"][0]["OrderItemId"]
    play(world(twice, catalog=MUG, listings=[listing("MUG")], steps=[IMPORT]))
    assert query(conn, "SELECT * FROM commerce.sales_order") == []
    details = {r["detail"] for r in query(conn, "SELECT detail FROM amazon.open_blockers")}
    assert any("given more than once" in d and twice["items"][0]["OrderItemId"] in d for d in details), (
        details
    )


def test_created_account_has_the_stores_customer_group_and_guests_group_0(play, conn):
    buyer = {"BuyerEmail": "4x2vk9q1mz7wc3d@marketplace.amazon.com", "BuyerName": "Jane Doe"}
    play(
        world(
            us_order(1, BuyerInfo=buyer),
            us_order(2, store_name="Guest Store"),
            stores=[
                store(customer_creation="create", customer_group_id=3),
                store("Guest Store", seller_id="A2SELLERGUEST"),
            ],
            catalog=MUG,
            listings=[listing("MUG"), listing("MUG", store_name="Guest Store")],
            steps=[IMPORT],
        )
    )
    created = sales_order(conn, US_ORDER)
    assert created["customer_group_id"] == 3 and created["customer_id"] is not None
    assert one(conn, "SELECT group_id FROM commerce.customer_entity")["group_id"] == 3
    guest = sales_order(conn, "111-0000002-0000002")
    assert guest["customer_group_id"] == 0 and guest["customer_is_guest"]
    grid_groups = {
        r["customer_group"] for r in query(conn, "SELECT customer_group FROM commerce.sales_order_grid")
    }
    assert grid_groups == {"3", "0"}


def test_shipping_method_deadlines_and_flags_and_the_replaced_order(play, conn):
    first = us_order(
        1,
        ShipmentServiceLevelCategory="NextDay",
        IsPrime=True,
        LatestShipDate="2026-11-21T23:59:59Z",
        LatestDeliveryDate="2026-11-23T23:59:59Z",
    )
    replacement = us_order(
        2,
        ShipmentServiceLevelCategory="Standard",
        IsBusinessOrder=True,
        IsReplacementOrder=True,
        ReplacedOrderId=US_ORDER,
        purchased="2026-11-20T11:00:00Z",
    )
    play(
        world(
            first,
            replacement,
            stores=[store(shipping_methods={"NEXT_DAY": "flatrate_flatrate"})],
            catalog=MUG,
            listings=[listing("MUG")],
            steps=[IMPORT],
        )
    )
    one_day = sales_order(conn, US_ORDER)
    assert (one_day["shipping_method"], one_day["shipping_description"]) == (
        "flatrate_flatrate",
        "Amazon - Next Day",
    )
    assert one_day["amazon_is_prime"] and not one_day["amazon_is_business"]
    assert one_day["amazon_ship_by_date"].isoformat() == "2026-11-21T23:59:59+00:00"
    assert one_day["amazon_deliver_by_date"].isoformat() == "2026-11-23T23:59:59+00:00"
    again = sales_order(conn, "111-0000002-0000002")
    assert (again["shipping_method"], again["shipping_description"]) == (
        "amazon_standard",
        "Amazon - Standard",
    )
    assert again["amazon_is_business"] and again["amazon_is_replacement"]
    assert (
        again["amazon_replaced_order_id"],
        again["relation_parent_id"],
        again["relation_parent_real_id"],
    ) == (
        US_ORDER,
        one_day["entity_id"],
        one_day["increment_id"],
    )
