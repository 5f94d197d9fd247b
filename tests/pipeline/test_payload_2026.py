"""Orders API v2026-01-01's orders give the rows v0's give: one order written in both versions'
shapes reads the same in every column; odd answers read as NULL, never as an exception; both
versions are stored by the same upserts, and the statements that read the shipping address
and the buyer's cancellation reason read the typed columns, so a v2026 order works through
import, the dashboard and reconciliation. Migration 013 fills the new columns of rows stored
before it, in SQL, exactly as payload.py does."""

from __future__ import annotations

import copy
import json
import re
from contextlib import closing
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amazon_orders import db
from amazon_orders.pipeline import candidates, load, payload, payload_2026, validate
from amazon_orders.rules import SQL_CODES
from amazon_orders.settings import SQL_HOME
from amazon_orders.sp_api.model import ORDERS_2026, orders_2026_model
from tests.views import query
from tests.worlds import listing, product, world

ORDER_ID = "113-4567890-1234567"
ADDRESS = {
    "name": "Jane Q. Doe",
    "addressLine1": "1 Elm Street",
    "addressLine2": "Apt 4",
    "city": "Springfield",
    "county": "Sangamon",
    "state": "IL",
    "postalCode": "62701",
    "countryCode": "US",
    "phone": "+1 217-555-0100",
}


def usd(amount: str) -> dict:
    return {"CurrencyCode": "USD", "Amount": amount}


def money(amount: str) -> dict:
    return {"amount": amount, "currencyCode": "USD"}


# A Prime, merchant-fulfilled, unshipped order of two lines as Orders API v0 sends it
# (getOrder with an RDT, and getOrderItems): a mug (2 x 19.99, 4.99 shipping, 5.00 off) and a
# lamp (24.50, its 2.99 shipping promoted away); the buyer asked to cancel the lamp.
V0_ORDER: dict[str, Any] = {
    "AmazonOrderId": ORDER_ID,
    "PurchaseDate": "2026-11-20T09:30:00Z",
    "LastUpdateDate": "2026-11-20T10:05:00Z",
    "OrderStatus": "Unshipped",
    "FulfillmentChannel": "MFN",
    "SalesChannel": "Amazon.com",
    "ShipServiceLevel": "Std US D2D Dom",
    "ShipmentServiceLevelCategory": "Standard",
    "OrderTotal": usd("70.20"),
    "NumberOfItemsShipped": 0,
    "NumberOfItemsUnshipped": 3,
    "PaymentMethod": "Other",
    "PaymentMethodDetails": ["Standard"],
    "MarketplaceId": "ATVPDKIKX0DER",
    "OrderType": "StandardOrder",
    "EarliestShipDate": "2026-11-21T08:00:00Z",
    "LatestShipDate": "2026-11-22T07:59:59Z",
    "EarliestDeliveryDate": "2026-11-24T08:00:00Z",
    "LatestDeliveryDate": "2026-11-27T07:59:59Z",
    "IsBusinessOrder": False,
    "IsPrime": True,
    "IsPremiumOrder": False,
    "IsGlobalExpressEnabled": False,
    "IsReplacementOrder": False,
    "IsSoldByAB": False,
    "IsISPU": False,
    "IsAccessPointOrder": False,
    "HasRegulatedItems": False,
    "ShippingAddress": {
        "Name": ADDRESS["name"],
        "AddressLine1": ADDRESS["addressLine1"],
        "AddressLine2": ADDRESS["addressLine2"],
        "City": ADDRESS["city"],
        "County": ADDRESS["county"],
        "StateOrRegion": ADDRESS["state"],
        "PostalCode": ADDRESS["postalCode"],
        "CountryCode": ADDRESS["countryCode"],
        "Phone": ADDRESS["phone"],
        "AddressType": "Residential",
    },
    "BuyerInfo": {"BuyerEmail": "4x2vk9q1mz7wc3d@marketplace.amazon.com", "BuyerName": "Jane Q. Doe"},
}
V0_ITEMS: list[dict[str, Any]] = [
    {
        "ASIN": "B0MUG00001",
        "SellerSKU": "AMZ-MUG",
        "OrderItemId": "68828574383266",
        "Title": "Stoneware mug",
        "QuantityOrdered": 2,
        "QuantityShipped": 0,
        "ItemPrice": usd("39.98"),
        "ShippingPrice": usd("4.99"),
        "ItemTax": usd("3.30"),
        "ShippingTax": usd("0.41"),
        "ShippingDiscount": usd("0.00"),
        "PromotionDiscount": usd("5.00"),
        "PromotionIds": ["MUGS-5-OFF"],
        "IsGift": "false",
        "ConditionId": "New",
    },
    {
        "ASIN": "B0LAMP0001",
        "SellerSKU": "AMZ-LAMP",
        "OrderItemId": "68828574383267",
        "Title": "Desk lamp",
        "QuantityOrdered": 1,
        "QuantityShipped": 0,
        "ItemPrice": usd("24.50"),
        "ShippingPrice": usd("2.99"),
        "ItemTax": usd("2.02"),
        "ShippingTax": usd("0.00"),
        "ShippingDiscount": usd("2.99"),
        "PromotionDiscount": usd("0.00"),
        "PromotionIds": ["FREE-SHIPPING"],
        "IsGift": "false",
        "ConditionId": "New",
        "BuyerRequestedCancel": {"IsBuyerRequestedCancel": "true", "BuyerCancelReason": "Ordered by mistake"},
    },
]


def breakdown(kind: str, amount: str, **detailed: str) -> dict:
    entry: dict[str, Any] = {"type": kind, "subtotal": money(amount)}
    if detailed:
        entry["detailedBreakdowns"] = [{"subtype": k, "value": money(v)} for k, v in detailed.items()]
    return entry


# The same order as Orders API v2026-01-01 sends it (searchOrders with includedData BUYER,
# RECIPIENT, PROCEEDS, FULFILLMENT, CANCELLATION), written from the model.
V2026_ORDER: dict[str, Any] = {
    "orderId": ORDER_ID,
    "createdTime": "2026-11-20T09:30:00Z",
    "lastUpdatedTime": "2026-11-20T10:05:00Z",
    "programs": ["PRIME"],
    "payment": {"paymentExecutions": [{"paymentMethod": "Standard"}]},
    "salesChannel": {
        "channelName": "AMAZON",
        "marketplaceId": "ATVPDKIKX0DER",
        "marketplaceName": "Amazon.com",
    },
    "buyer": {"buyerName": "Jane Q. Doe", "buyerEmail": "4x2vk9q1mz7wc3d@marketplace.amazon.com"},
    "recipient": {
        "deliveryAddress": {
            "name": ADDRESS["name"],
            "addressLine1": ADDRESS["addressLine1"],
            "addressLine2": ADDRESS["addressLine2"],
            "addressLine3": "",
            "city": ADDRESS["city"],
            "districtOrCounty": ADDRESS["county"],
            "stateOrRegion": ADDRESS["state"],
            "municipality": "",
            "postalCode": ADDRESS["postalCode"],
            "countryCode": ADDRESS["countryCode"],
            "phone": ADDRESS["phone"],
            "addressType": "RESIDENTIAL",
        }
    },
    "proceeds": {
        "grandTotal": money("70.20"),
        "breakdowns": [
            breakdown("ITEM", "64.48"),
            breakdown("SHIPPING", "7.98"),
            breakdown("TAX", "5.73"),
            breakdown("DISCOUNT", "-7.99"),
        ],
    },
    "fulfillment": {
        "fulfillmentStatus": "UNSHIPPED",
        "fulfilledBy": "MERCHANT",
        "fulfillmentServiceLevel": "STANDARD",
        "shipByWindow": {
            "earliestDateTime": "2026-11-21T08:00:00Z",
            "latestDateTime": "2026-11-22T07:59:59Z",
        },
        "deliverByWindow": {
            "earliestDateTime": "2026-11-24T08:00:00Z",
            "latestDateTime": "2026-11-27T07:59:59Z",
        },
    },
    "orderItems": [
        {
            "orderItemId": "68828574383266",
            "quantityOrdered": 2,
            "product": {
                "asin": "B0MUG00001",
                "title": "Stoneware mug",
                "sellerSku": "AMZ-MUG",
                "condition": {"conditionType": "NEW", "conditionSubtype": "NEW"},
                "price": {"unitPrice": money("19.99")},
            },
            "proceeds": {
                "proceedsTotal": money("43.68"),
                "breakdowns": [
                    breakdown("ITEM", "39.98"),
                    breakdown("SHIPPING", "4.99"),
                    breakdown("TAX", "3.71", ITEM="3.30", SHIPPING="0.41"),
                    breakdown("DISCOUNT", "-5.00", ITEM="-5.00"),
                ],
            },
            "promotion": {"breakdowns": [{"promotionId": "MUGS-5-OFF"}]},
            "fulfillment": {"quantityFulfilled": 0, "quantityUnfulfilled": 2},
        },
        {
            "orderItemId": "68828574383267",
            "quantityOrdered": 1,
            "product": {
                "asin": "B0LAMP0001",
                "title": "Desk lamp",
                "sellerSku": "AMZ-LAMP",
                "condition": {"conditionType": "NEW", "conditionSubtype": "NEW"},
                "price": {"unitPrice": money("24.50")},
            },
            "proceeds": {
                "proceedsTotal": money("26.52"),
                "breakdowns": [
                    breakdown("ITEM", "24.50"),
                    breakdown("SHIPPING", "2.99"),
                    breakdown("TAX", "2.02", ITEM="2.02"),
                    breakdown("DISCOUNT", "-2.99", SHIPPING="-2.99"),
                ],
            },
            "promotion": {"breakdowns": [{"promotionId": "FREE-SHIPPING"}]},
            "cancellation": {
                "cancellationRequest": {"requester": "BUYER", "cancelReason": "Ordered by mistake"}
            },
            "fulfillment": {"quantityFulfilled": 0, "quantityUnfulfilled": 1},
        },
    ],
}

NEW_ORDER_COLUMNS = {
    "api_version": "text",
    "fulfillment_status": "text",
    "ship_by_earliest": "timestamp with time zone",
    "ship_by_latest": "timestamp with time zone",
    "deliver_by_earliest": "timestamp with time zone",
    "deliver_by_latest": "timestamp with time zone",
    "service_level": "text",
    "programs": "ARRAY",
    "replaced_order_id": "text",
    "ship_name": "text",
    "ship_address_line1": "text",
    "ship_address_line2": "text",
    "ship_address_line3": "text",
    "ship_city": "text",
    "ship_district": "text",
    "ship_state": "text",
    "ship_postal_code": "text",
    "ship_country": "text",
    "ship_phone": "text",
}
# Only the version's own record differs between the two versions' rows.
VERSIONED = {"payload", "api_version"}


def v0_rows(order: dict = V0_ORDER, items: list[dict] = V0_ITEMS) -> tuple[dict, list[dict]]:
    return payload.order_row(1, order, True), [payload.item_row(order["AmazonOrderId"], i) for i in items]


def v2026_rows(order: dict = V2026_ORDER) -> tuple[dict, list[dict]]:
    rows = [payload_2026.item_row(order["orderId"], i) for i in payload_2026.items_of(order)]
    return payload_2026.order_row(1, order, True), rows


def shared(row: dict) -> dict:
    return {k: v for k, v in row.items() if k not in VERSIONED}


def test_both_versions_read_into_the_same_columns():
    (o0, i0), (o26, i26) = v0_rows(), v2026_rows()
    assert o26.keys() == o0.keys() and [i.keys() for i in i26] == [i.keys() for i in i0]
    assert shared(o26) == shared(o0)
    assert [shared(i) for i in i26] == [shared(i) for i in i0]
    assert (o0["api_version"], o26["api_version"]) == ("v0", ORDERS_2026)
    assert o26["payload"].adapted == V2026_ORDER  # verbatim, items and all
    assert i26[1]["payload"].adapted == V2026_ORDER["orderItems"][1]


def test_the_columns_hold_what_the_order_says():
    order, items = v2026_rows()
    assert {k: order[k] for k in ("order_status", "fulfillment_status", "fulfillment_channel")} == {
        "order_status": "Unshipped",
        "fulfillment_status": "UNSHIPPED",
        "fulfillment_channel": "MFN",
    }
    assert (order["order_total"], order["currency"]) == (Decimal("70.20"), "USD")
    assert (order["programs"], order["service_level"], order["replaced_order_id"]) == (
        ["PRIME"],
        "STANDARD",
        None,
    )
    assert order["ship_by_latest"].isoformat() == "2026-11-22T07:59:59+00:00"
    assert {k: v for k, v in order.items() if k.startswith("ship_") and not k.startswith("ship_by")} == {
        "ship_name": "Jane Q. Doe",
        "ship_address_line1": "1 Elm Street",
        "ship_address_line2": "Apt 4",
        "ship_address_line3": None,  # v2026 sends "" for a part it lacks
        "ship_city": "Springfield",
        "ship_district": "Sangamon",
        "ship_state": "IL",
        "ship_postal_code": "62701",
        "ship_country": "US",
        "ship_phone": "+1 217-555-0100",
    }
    # item_price is the line's ITEM proceeds: v0's ItemPrice, price x quantity
    assert [(i["item_price"], i["quantity_ordered"], i["quantity_shipped"]) for i in items] == [
        (Decimal("39.98"), 2, 0),
        (Decimal("24.50"), 1, 0),
    ]
    assert [(i["buyer_requested_cancel"], i["buyer_cancel_reason"]) for i in items] == [
        (False, None),
        (True, "Ordered by mistake"),
    ]


@pytest.mark.parametrize(
    ("word", "grid"),
    [
        ("CANCELLED", "Canceled"),
        ("PARTIALLY_SHIPPED", "PartiallyShipped"),
        ("AWAITING_PICKUP", "AWAITING_PICKUP"),
    ],
)
def test_status_words_are_the_grids_and_an_unknown_one_is_kept(word, grid):
    order = copy.deepcopy(V2026_ORDER)
    order["fulfillment"]["fulfillmentStatus"] = word
    row = payload_2026.order_row(1, order, True)
    assert (row["order_status"], row["fulfillment_status"]) == (grid, word)


def test_channels_and_v0_statuses_in_the_other_versions_words():
    order = copy.deepcopy(V2026_ORDER)
    order["fulfillment"]["fulfilledBy"] = "AMAZON"
    assert payload_2026.order_row(1, order, True)["fulfillment_channel"] == "AFN"
    order["fulfillment"]["fulfilledBy"] = "SOMEONE_ELSE"
    assert payload_2026.order_row(1, order, True)["fulfillment_channel"] == "SOMEONE_ELSE"
    for status, word in [("Canceled", "CANCELLED"), ("InvoiceUnconfirmed", None), ("Teleported", None)]:
        assert payload.order_row(1, {**V0_ORDER, "OrderStatus": status}, True)["fulfillment_status"] == word


def _possible_programs() -> set[str]:
    text = orders_2026_model()["definitions"]["Order"]["properties"]["programs"]["description"]
    return set(re.findall(r"`([A-Z_]+)`", text.split("Possible values")[1]))


def test_v0_flags_become_the_models_program_words():
    flags = {
        "IsPrime": "true",  # v0 sends some flags as strings
        "IsBusinessOrder": True,
        "IsPremiumOrder": True,
        "IsISPU": True,
        "OrderType": "Preorder",
        "EasyShipShipmentStatus": "PendingSchedule",
    }
    programs = payload.order_row(1, {**V0_ORDER, **flags}, True)["programs"]
    assert programs == [
        "AMAZON_BUSINESS",
        "AMAZON_EASY_SHIP",
        "IN_STORE_PICK_UP",
        "PREMIUM",
        "PREORDER",
        "PRIME",
    ]
    assert set(programs) <= _possible_programs()
    assert payload.order_row(1, {**V0_ORDER, "IsPrime": 1}, True)["programs"] == []  # not a flag's value
    order = {**V2026_ORDER, "programs": ["PRIME", "AMAZON_BUSINESS", 7, "PRIME", "SOMETHING_NEW"]}
    assert payload_2026.order_row(1, order, True)["programs"] == ["AMAZON_BUSINESS", "PRIME", "SOMETHING_NEW"]
    assert (
        payload_2026.order_row(1, {k: v for k, v in V2026_ORDER.items() if k != "programs"}, True)["programs"]
        == []
    )  # Amazon leaves an empty list out


def test_replacement_orders_name_the_order_they_replace():
    v0 = payload.order_row(1, {**V0_ORDER, "IsReplacementOrder": True, "ReplacedOrderId": "113-1-1"}, True)
    associated = [
        {"orderId": "113-9-9", "associationType": "EXCHANGE_ORIGINAL_ID"},
        {"orderId": "113-1-1", "associationType": "REPLACEMENT_ORIGINAL_ID"},
    ]
    v2026 = payload_2026.order_row(1, {**V2026_ORDER, "associatedOrders": associated}, True)
    assert v0["replaced_order_id"] == v2026["replaced_order_id"] == "113-1-1"


def test_v0_service_level_categories_in_v2026_words():
    for category, word in [
        ("FreeEconomy", "FREE_ECONOMY"),
        ("NextDay", "NEXT_DAY"),
        ("Standard", "STANDARD"),
    ]:
        row = payload.order_row(1, {**V0_ORDER, "ShipmentServiceLevelCategory": category}, True)
        assert row["service_level"] == word


FULFILLMENT_COLUMNS = [
    "order_status",
    "fulfillment_status",
    "fulfillment_channel",
    "ship_by_earliest",
    "ship_by_latest",
    "deliver_by_earliest",
    "deliver_by_latest",
    "service_level",
]
SHIP_COLUMNS = [c for c in NEW_ORDER_COLUMNS if c.startswith("ship_") and not c.startswith("ship_by")]
# An odd part of an answer, and the columns it leaves NULL.
ODD_ORDERS = [
    ({"fulfillment": "UNSHIPPED"}, FULFILLMENT_COLUMNS),
    (
        {"fulfillment": {"fulfillmentStatus": 3, "fulfilledBy": ["MERCHANT"], "shipByWindow": "today"}},
        FULFILLMENT_COLUMNS,
    ),
    (
        {"fulfillment": {"shipByWindow": {"earliestDateTime": "2026-11-21", "latestDateTime": "soon"}}},
        FULFILLMENT_COLUMNS,
    ),
    ({"proceeds": []}, ["order_total", "currency"]),
    ({"proceeds": {"grandTotal": {"amount": "abc", "currencyCode": 840}}}, ["order_total", "currency"]),
    ({"proceeds": {"grandTotal": {"amount": "1e400", "currencyCode": "USD"}}}, ["order_total"]),
    ({"proceeds": {"grandTotal": {"amount": True, "currencyCode": "USD"}}}, ["order_total"]),
    (
        {"createdTime": 1732095000, "lastUpdatedTime": "2026-11-20T10:05:00"},
        ["purchase_date", "last_update_date"],
    ),
    ({"programs": "PRIME", "associatedOrders": {"orderId": "x"}}, ["programs", "replaced_order_id"]),
    (
        {"salesChannel": None, "buyer": ["Jane"], "recipient": "Springfield"},
        ["marketplace_id", "buyer_name", "buyer_email", *SHIP_COLUMNS],
    ),
    (
        {
            "recipient": {
                "deliveryAddress": {"name": 5, "city": None, "postalCode": ["62701"], "addressLine1": "  "}
            }
        },
        SHIP_COLUMNS,  # the parts it lacks, and those it has but cannot be read
    ),
    ({"orderItems": "two"}, []),
]


@pytest.mark.parametrize(("odd", "nulls"), ODD_ORDERS)
def test_odd_orders_read_as_null_never_as_an_exception(odd, nulls):
    order = {**V2026_ORDER, **odd}
    row = payload_2026.order_row(1, order, True)
    assert {c: row[c] for c in nulls} == dict.fromkeys(nulls)
    good = payload_2026.order_row(1, V2026_ORDER, True)
    assert {k: v for k, v in row.items() if k not in {*nulls, "payload"}} == {
        k: v for k, v in good.items() if k not in {*nulls, "payload"}
    }  # the rest is read as before
    assert payload_2026.items_of(order) == (
        [] if odd.get("orderItems") == "two" else V2026_ORDER["orderItems"]
    )


ODD_ITEMS = [
    {"product": "a mug"},
    {"product": {"sellerSku": 12, "asin": None}},
    {"quantityOrdered": "2", "fulfillment": {"quantityFulfilled": 2.0}},
    {"quantityOrdered": 10**12, "fulfillment": "done"},
    {"proceeds": {"breakdowns": "ITEM"}},
    {"proceeds": {"breakdowns": [{"type": "ITEM", "subtotal": {"amount": "x", "currencyCode": "USD"}}]}},
    {
        "proceeds": {
            "breakdowns": [
                breakdown("ITEM", "1.00"),
                {"type": "ITEM", "subtotal": money("2") | {"currencyCode": "EUR"}},
            ]
        }
    },
    {"proceeds": {"breakdowns": [breakdown("TAX", "1.00")]}},
    {"cancellation": "requested"},
    {"cancellation": {"cancellationRequest": {"requester": "SELLER", "cancelReason": "out of stock"}}},
    {"cancellation": {"cancellationRequest": {"cancelReason": 42}}},
]


@pytest.mark.parametrize("odd", ODD_ITEMS)
def test_odd_items_read_as_null_never_as_an_exception(odd):
    item = {**V2026_ORDER["orderItems"][0], **odd}
    row = payload_2026.item_row(ORDER_ID, item)
    if "product" in odd:
        assert row["seller_sku"] is None and row["asin"] is None
    if "quantityOrdered" in odd:
        assert row["quantity_ordered"] is None and row["quantity_shipped"] is None
    if "proceeds" in odd:
        assert row["item_price"] is None and row["currency"] is None
    if "cancellation" in odd:
        assert row["buyer_cancel_reason"] is None
        assert row["buyer_requested_cancel"] is (odd == ODD_ITEMS[-1])  # no requester: the buyer's


def test_several_item_entries_add_up():
    item = {**V2026_ORDER["orderItems"][0], "proceeds": {"breakdowns": [breakdown("ITEM", "1.25")] * 2}}
    assert payload_2026.item_price(item) == (Decimal("2.50"), "USD")


JSON = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=True),
        st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=20),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(
    order_key=st.sampled_from(sorted(set(V2026_ORDER) - {"orderId"})),
    item_key=st.sampled_from(sorted(set(V2026_ORDER["orderItems"][0]) - {"orderItemId"})),
    value=JSON,
)
def test_any_value_anywhere_reads_without_an_exception(order_key, item_key, value):
    order = {**V2026_ORDER, order_key: value}
    row = payload_2026.order_row(1, order, True)
    assert set(row) == set(payload.order_row(1, V0_ORDER, True))
    for item in payload_2026.items_of(order):
        payload_2026.item_row(ORDER_ID, {**item, item_key: value})
    payload.order_row(1, {**V0_ORDER, "ShippingAddress": value, "OrderStatus": value}, True)
    payload.item_row(ORDER_ID, {**V0_ITEMS[1], "BuyerRequestedCancel": value})


def test_the_helpers_the_walk_uses():
    assert payload_2026.order_id(V2026_ORDER) == ORDER_ID
    assert [payload_2026.order_id(o) for o in ({}, {"orderId": ""}, {"orderId": 7}, "x")] == [None] * 4
    assert payload_2026.marketplace_of(V2026_ORDER) == "ATVPDKIKX0DER"
    assert payload_2026.last_updated(V2026_ORDER).isoformat() == "2026-11-20T10:05:00+00:00"
    items = [{"orderItemId": "1"}, {"orderItemId": ""}, "x", {"quantityOrdered": 1}]
    assert payload_2026.items_of({"orderItems": items}) == [{"orderItemId": "1"}]


# --- against Postgres -------------------------------------------------------------------


def store_rows(conn: db.Connection, order: dict, items: list[dict]) -> None:
    with db.transaction(conn) as cur:
        cur.execute(db.sql("extract/upsert_order"), order)
        for item in items:
            cur.execute(db.sql("extract/upsert_order_item"), item)


def stored(conn: db.Connection, order_id: str) -> tuple[dict, list[dict]]:
    [order] = query(conn, 'SELECT * FROM amazon."order" WHERE amazon_order_id = %s', (order_id,))
    items = query(
        conn, "SELECT * FROM amazon.order_item WHERE amazon_order_id = %s ORDER BY order_item_id", (order_id,)
    )
    return order, items


def as_stored(row: dict) -> dict:
    return {k: (v.adapted if k == "payload" else v) for k, v in row.items()}


@pytest.fixture
def us_store(play):
    """Store 1 (US Store) with the mug and the lamp in the catalog, matched to their listings."""
    return play(
        world(
            catalog=[product("MUG", qty=50), product("LAMP", qty=50)],
            listings=[listing("MUG"), listing("LAMP")],
            steps=[],
        )
    )


def test_the_new_columns_are_there(conn):
    found = {
        r["column_name"]: r["data_type"]
        for r in query(
            conn,
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'amazon' AND table_name = 'order'",
        )
    }
    assert {c: found.get(c) for c in NEW_ORDER_COLUMNS} == NEW_ORDER_COLUMNS
    item_columns = query(
        conn,
        "SELECT data_type FROM information_schema.columns "
        "WHERE table_schema = 'amazon' AND table_name = 'order_item' AND column_name = 'buyer_cancel_reason'",
    )
    assert item_columns == [{"data_type": "text"}]


@pytest.mark.usefixtures("us_store")
def test_both_versions_are_stored_alike(conn):
    v0_order, v0_items = v0_rows()
    v26_order = copy.deepcopy(V2026_ORDER) | {"orderId": "113-0000000-2026000"}
    order26, items26 = v2026_rows(v26_order)
    store_rows(conn, v0_order, v0_items)
    store_rows(conn, order26, items26)
    (a, a_items), (b, b_items) = stored(conn, ORDER_ID), stored(conn, "113-0000000-2026000")
    assert {k: a[k] for k in v0_order} == as_stored(v0_order)
    assert {k: b[k] for k in order26} == as_stored(order26)
    differ = VERSIONED | {"amazon_order_id"}
    assert {k: a[k] for k in v0_order if k not in differ} == {k: b[k] for k in order26 if k not in differ}
    assert [{k: i[k] for k in v0_items[0] if k not in differ} for i in a_items] == [
        {k: i[k] for k in items26[0] if k not in differ} for i in b_items
    ]
    assert all(
        a[c] is not None for c in NEW_ORDER_COLUMNS if c != "replaced_order_id" and c != "ship_address_line3"
    )
    assert (a["api_version"], b["api_version"]) == ("v0", "2026-01-01")
    assert b_items[1]["buyer_cancel_reason"] == "Ordered by mistake"

    # the same order read again through v2026, newer: every column is v2026's
    later = copy.deepcopy(V2026_ORDER) | {"lastUpdatedTime": "2026-11-20T11:00:00Z"}
    later["fulfillment"]["fulfillmentStatus"] = "CANCELLED"
    store_rows(conn, *v2026_rows(later))
    again, _ = stored(conn, ORDER_ID)
    assert (again["api_version"], again["order_status"], again["fulfillment_status"]) == (
        "2026-01-01",
        "Canceled",
        "CANCELLED",
    )
    assert again["payload"] == json.loads(json.dumps(later))


@pytest.mark.usefixtures("us_store")
def test_a_v2026_order_is_imported_shown_and_reconciled_from_the_typed_columns(conn):
    store_rows(conn, *v2026_rows())
    params = {"amazon_order_id": ORDER_ID}
    [shown] = db.fetch_all(conn, "dashboard/order_shipping", params)
    assert shown == {
        "source": "amazon",
        "firstname": None,
        "lastname": None,
        "street": "1 Elm Street, Apt 4",
        "city": "Springfield",
        "region": "IL",
        "postcode": "62701",
        "country_id": "US",
    }

    key = "payload_2026__1/store-1"
    candidates.select_candidates(conn, 1, key)
    validate.validate_candidates(conn, 1, key)
    assert load.create_commerce_orders(conn, 1, key)["imported"] == 1
    addresses = query(
        conn,
        "SELECT a.address_type, a.firstname, a.lastname, a.street, a.city, a.region, a.postcode, "
        "a.country_id, a.email, a.telephone FROM commerce.sales_order_address a "
        'JOIN amazon."order" o ON o.commerce_order_id = a.parent_id ORDER BY a.address_type',
    )
    assert addresses == [
        {
            "address_type": kind,
            "firstname": "Jane",
            "lastname": "Q. Doe",
            "street": "1 Elm Street\nApt 4",
            "city": "Springfield",
            "region": "IL",
            "postcode": "62701",
            "country_id": "US",
            "email": "4x2vk9q1mz7wc3d@marketplace.amazon.com",
            "telephone": "+1 217-555-0100",
        }
        for kind in ("billing", "shipping")
    ]
    [shown] = db.fetch_all(conn, "dashboard/order_shipping", params)
    assert (shown["source"], shown["street"]) == ("commerce", "1 Elm Street\nApt 4")

    db.execute(conn, "reconcile/note_buyer_cancel_requests", {**SQL_CODES, "store_id": 1, "run_key": key})
    notes = query(conn, "SELECT note FROM amazon.order_event WHERE note LIKE 'Buyer requested%%'")
    assert notes == [
        {"note": "Buyer requested cancellation: Ordered by mistake (cancel it in Seller Central)"}
    ]


def test_no_analyst_view_shows_the_shipping_address(conn):
    personal = [
        c["column_name"]
        for c in query(
            conn,
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'amazon' "
            "AND table_name = 'order' AND (column_name LIKE 'ship\\_%%' OR column_name = 'buyer_email') "
            "AND column_name NOT IN ('ship_by_earliest', 'ship_by_latest')",
        )
    ]
    assert "ship_city" in personal and "ship_name" in personal  # the address's own columns
    shown = query(
        conn,
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'analyst' AND column_name = ANY(%s)",
        (personal,),
    )
    assert shown == []  # the ship-by deadline is no one's personal data; the address is


# --- migration 013's backfill -------------------------------------------------------------

# v0 orders as they may be stored before migration 013: a good one and odd ones.
BACKFILLED = [
    V0_ORDER,
    {
        "AmazonOrderId": "113-0000000-0000002",
        "OrderStatus": "InvoiceUnconfirmed",
        "ShippingAddress": "not an address",
        "EarliestShipDate": "tomorrow",
        "LatestShipDate": 5,
        "EarliestDeliveryDate": "2026-02-30T00:00:00Z",
        "LatestDeliveryDate": "2026-11-20",
        "IsPrime": "true",
        "IsBusinessOrder": 1,
        "ShipmentServiceLevelCategory": "FreeEconomy",
        "ReplacedOrderId": 7,
    },
    {
        "AmazonOrderId": "113-0000000-0000003",
        "OrderStatus": "Canceled",
        "ShippingAddress": {
            "Name": "  ",
            "AddressLine1": 12,
            "District": "",
            "County": "Cook",
            "City": ["x"],
        },
        "OrderType": "Preorder",
        "EasyShipShipmentStatus": "PendingSchedule",
        "IsISPU": True,
        "IsPremiumOrder": True,
        "IsReplacementOrder": True,
        "ReplacedOrderId": "113-0000000-0000001",
        "ShipmentServiceLevelCategory": "NextDay",
        "EarliestShipDate": "2026-11-21T08:00:00.123+01:00",
        "LatestShipDate": "2026-11-21T08:00:00+0530",
    },
    {
        "AmazonOrderId": "113-0000000-0000004",
        "OrderStatus": ["Shipped"],
        "ShippingAddress": ["1 Elm Street"],
        "EasyShipShipmentStatus": "",
        "IsPrime": False,
    },
    {"AmazonOrderId": "113-0000000-0000005"},
]
BACKFILLED_ITEMS = [
    V0_ITEMS[1],
    {"OrderItemId": "2", "BuyerRequestedCancel": "yes"},
    {"OrderItemId": "3", "BuyerRequestedCancel": {"IsBuyerRequestedCancel": "true", "BuyerCancelReason": 5}},
    {"OrderItemId": "4"},
]
# The columns amazon.order and amazon.order_item had before migration 013.
BEFORE_013 = (
    "amazon_order_id, store_id, purchase_date, last_update_date, order_status, fulfillment_channel, "
    "marketplace_id, order_total, currency, buyer_name, buyer_email, payload, buyer_data"
)
ITEMS_BEFORE_013 = (
    "amazon_order_id, order_item_id, seller_sku, asin, quantity_ordered, quantity_shipped, item_price, "
    "currency, buyer_requested_cancel, payload"
)


def _params(columns: str) -> str:
    return ", ".join(f"%({c.strip()})s" for c in columns.split(","))


def test_migration_013_fills_rows_stored_before_it_as_payload_py_reads_them(db_url):
    migrations = sorted((SQL_HOME / "migrations").glob("[0-9][0-9][0-9]_*.sql"))
    assert "013_orders_2026_columns" in [m.stem for m in migrations]
    with closing(db.connect(db_url)) as conn:
        with db.transaction(conn) as cur:
            cur.execute(db.sql("reset_schemas"))
            for migration in (m for m in migrations if m.stem < "013"):
                cur.execute(migration.read_text())
            cur.execute(
                "INSERT INTO amazon.store (name, seller_id, marketplace_id, integrated_at) "
                "VALUES ('US Store', 'A2SELLERUS', 'ATVPDKIKX0DER', '2026-11-01T00:00:00Z')"
            )
            for order in BACKFILLED:
                cur.execute(
                    f'INSERT INTO amazon."order" ({BEFORE_013}) VALUES ({_params(BEFORE_013)})',
                    payload.order_row(1, order, True),
                )
            for item in BACKFILLED_ITEMS:
                cur.execute(
                    f"INSERT INTO amazon.order_item ({ITEMS_BEFORE_013}) "
                    f"VALUES ({_params(ITEMS_BEFORE_013)})",
                    payload.item_row(ORDER_ID, item),
                )
            cur.execute((SQL_HOME / "migrations" / "013_orders_2026_columns.sql").read_text())
        for order in BACKFILLED:
            [row] = query(
                conn, 'SELECT * FROM amazon."order" WHERE amazon_order_id = %s', (order["AmazonOrderId"],)
            )
            expected = payload.order_row(1, order, True)
            assert {c: row[c] for c in NEW_ORDER_COLUMNS} == {c: expected[c] for c in NEW_ORDER_COLUMNS}
        reasons = query(conn, "SELECT order_item_id, buyer_cancel_reason FROM amazon.order_item ORDER BY 1")
        assert reasons == [
            {
                "order_item_id": i["OrderItemId"],
                "buyer_cancel_reason": payload.item_row(ORDER_ID, i)["buyer_cancel_reason"],
            }
            for i in sorted(BACKFILLED_ITEMS, key=lambda i: i["OrderItemId"])
        ]
        filled = query(conn, 'SELECT * FROM amazon."order" WHERE amazon_order_id = %s', (ORDER_ID,))[0]
        assert (filled["programs"], filled["fulfillment_status"], filled["ship_city"]) == (
            ["PRIME"],
            "UNSHIPPED",
            "Springfield",
        )
        leftovers = query(conn, "SELECT proname FROM pg_proc WHERE proname LIKE 'm013%%'")
        assert leftovers == []  # the backfill's helpers are gone
