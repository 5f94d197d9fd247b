"""Orders API v2026-01-01 in the simulator: searchOrders and getOrder from the same orders v0 serves,
Amazon's 400s, paging with paginationToken, filters and windows."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from sp_api_simulator import SimulatorControl
from sp_api_simulator.sample_orders import sample_order

from .amazon_calls import (
    NOW,
    REFRESH_TOKEN,
    SELLER,
    AmazonCaller,
    add_order,
    assert_amazon_error,
    caller_for,
    iso,
)
from .calls_2026 import (
    CHANNEL_TO_2026,
    V0_TO_2026,
    amount,
    assert_refused_without_message,
    breakdowns,
    get_order,
    money_of_2026_item,
    money_of_v0_item,
    order_ids,
    search,
    validate_2026,
    walk,
)

HOUR_AGO = iso(NOW - timedelta(hours=1))
TEN_MIN_AGO = iso(NOW - timedelta(minutes=10))


def put(control: SimulatorControl, number: int, minutes_ago: float, channel: str = "MFN", **kw: Any) -> Any:
    sample = sample_order(number, NOW - timedelta(minutes=minutes_ago), **kw)
    sample.order["FulfillmentChannel"] = channel
    control.put_order(SELLER, sample.order, sample.items)
    return sample


def v0_orders_with_items(seller: AmazonCaller, **params: str) -> list[tuple[dict, list[dict]]]:
    answer = seller.orders(**params)
    assert answer.status_code == 200, answer.text
    found = []
    for order in answer.json()["payload"]["Orders"]:
        items = seller.get(f"/orders/v0/orders/{order['AmazonOrderId']}/orderItems")
        found.append((order, items.json()["payload"]["OrderItems"]))
    return found


def test_the_same_orders_agree_through_v0_and_v2026(seller: AmazonCaller, control: SimulatorControl) -> None:
    partly = put(control, 1, minutes_ago=50, item_quantities=(2, 1))
    put(control, 2, minutes_ago=40, channel="AFN", item_quantities=(3,))
    put(control, 3, minutes_ago=30, status="Canceled")
    put(control, 4, minutes_ago=20, status="InvoiceUnconfirmed", item_quantities=(1, 4))
    shipment = {
        "marketplaceId": "ATVPDKIKX0DER",
        "packageDetail": {
            "packageReferenceId": "1",
            "carrierCode": "UPS",
            "trackingNumber": "1Z1",
            "shipDate": iso(NOW - timedelta(minutes=5)),
            "orderItems": [{"orderItemId": partly.items[0]["OrderItemId"], "quantity": 1}],
        },
    }
    assert (
        seller.post(f"/orders/v0/orders/{partly.order_id}/shipmentConfirmation", shipment).status_code == 204
    )
    control.advance(180)  # the shipment stamped the order now: let it settle past the two minutes

    v0 = v0_orders_with_items(seller, LastUpdatedAfter=HOUR_AGO)
    answer = search(seller, lastUpdatedAfter=HOUR_AGO, includedData="PROCEEDS,FULFILLMENT")
    v2026 = answer.json()["orders"]

    assert [o["orderId"] for o in v2026] == [o["AmazonOrderId"] for o, _ in v0]  # same orders, same order
    assert len(v2026) == 4
    for new, (old, old_items) in zip(v2026, v0, strict=True):
        assert new["createdTime"] == old["PurchaseDate"]
        assert new["lastUpdatedTime"] == old["LastUpdateDate"]
        assert new["salesChannel"]["marketplaceId"] == old["MarketplaceId"]
        assert new["fulfillment"]["fulfillmentStatus"] == V0_TO_2026[old["OrderStatus"]]
        assert new["fulfillment"]["fulfilledBy"] == CHANNEL_TO_2026[old["FulfillmentChannel"]]
        assert new["fulfillment"]["shipByWindow"] == {
            "earliestDateTime": old["EarliestShipDate"],
            "latestDateTime": old["LatestShipDate"],
        }
        assert new["proceeds"]["grandTotal"] == {
            "amount": old["OrderTotal"]["Amount"],
            "currencyCode": old["OrderTotal"]["CurrencyCode"],
        }
        assert len(new["orderItems"]) == len(old_items)
        for item, old_item in zip(new["orderItems"], old_items, strict=True):
            assert item["orderItemId"] == old_item["OrderItemId"]
            assert item["quantityOrdered"] == old_item["QuantityOrdered"]
            assert item["product"]["sellerSku"] == old_item["SellerSKU"]
            assert item["product"]["asin"] == old_item["ASIN"]
            assert item["product"]["title"] == old_item["Title"]
            unit = amount(item["product"]["price"]["unitPrice"])
            assert unit * old_item["QuantityOrdered"] == amount(old_item["ItemPrice"])
            assert item["fulfillment"]["quantityFulfilled"] == old_item["QuantityShipped"]
            assert item["fulfillment"]["quantityUnfulfilled"] == (
                old_item["QuantityOrdered"] - old_item["QuantityShipped"]
            )
            assert money_of_2026_item(item) == money_of_v0_item(old_item)  # the same money, field by field
    statuses = {o["orderId"]: o["fulfillment"]["fulfillmentStatus"] for o in v2026}
    assert statuses[partly.order_id] == "PARTIALLY_SHIPPED"
    shipped = v2026[[o["orderId"] for o in v2026].index(partly.order_id)]["orderItems"]
    assert [i["fulfillment"]["quantityFulfilled"] for i in shipped] == [1, 0]


@pytest.mark.parametrize(("v0_status", "word"), sorted(V0_TO_2026.items()))
def test_status_words_map_and_filter(
    seller: AmazonCaller, control: SimulatorControl, v0_status: str, word: str
) -> None:
    sample = put(control, 1, minutes_ago=30, status=v0_status)
    put(control, 2, minutes_ago=30, status="Shipped" if word != "SHIPPED" else "Canceled")
    found = get_order(seller, sample.order_id, ["FULFILLMENT"]).json()["order"]
    assert found["fulfillment"]["fulfillmentStatus"] == word
    assert order_ids(search(seller, lastUpdatedAfter=HOUR_AGO, fulfillmentStatuses=word)) == [sample.order_id]


def test_get_order_serves_the_seller_own_order_with_its_items(
    sim_url: str, seller: AmazonCaller, control: SimulatorControl
) -> None:
    sample = add_order(control, 1, minutes_ago=30, item_quantities=(1, 2, 3))
    answer = get_order(seller, sample.order_id)
    assert answer.status_code == 200, answer.text
    order = answer.json()["order"]
    validate_2026(answer.json(), "GetOrderResponse")
    assert order["orderId"] == sample.order_id
    assert [i["quantityOrdered"] for i in order["orderItems"]] == [1, 2, 3]  # items always come
    for hidden in ("buyer", "recipient", "proceeds", "fulfillment", "packages"):
        assert hidden not in order  # without includedData: the basic order only
    assert all(
        set(i) <= {"orderItemId", "quantityOrdered", "product", "programs"} for i in order["orderItems"]
    )
    other = caller_for(sim_url, control, "A2SELLERTWO", "Atzr|seller-two")
    assert_amazon_error(get_order(other, sample.order_id), 404, "NotFound", sample.order_id)
    assert_amazon_error(get_order(seller, "114-9999999-9999999"), 404, "NotFound", "114-9999999-9999999")
    assert order_ids(search(other, lastUpdatedAfter=HOUR_AGO)) == []


def test_window_holds_both_ends_sorted_by_last_update_and_echoes_before(
    seller: AmazonCaller, control: SimulatorControl
) -> None:
    after, before = NOW - timedelta(minutes=60), NOW - timedelta(minutes=10)
    add_order(control, 1, minutes_ago=61)
    at_after = add_order(control, 2, minutes_ago=60)
    at_before = add_order(control, 3, minutes_ago=10)
    middle = add_order(control, 4, minutes_ago=30)
    add_order(control, 5, minutes_ago=10 - 1 / 60)
    answer = search(seller, lastUpdatedAfter=iso(after), lastUpdatedBefore=iso(before))
    assert order_ids(answer) == [at_after.order_id, middle.order_id, at_before.order_id]
    assert answer.json()["lastUpdatedBefore"] == iso(before)
    assert "createdBefore" not in answer.json() and "pagination" not in answer.json()
    same_moment = search(seller, lastUpdatedAfter=iso(before), lastUpdatedBefore=iso(before))
    assert order_ids(same_moment) == [at_before.order_id]  # equal to the After is allowed


def test_before_defaults_to_two_minutes_ago(seller: AmazonCaller, control: SimulatorControl) -> None:
    settled = add_order(control, 1, minutes_ago=3)
    add_order(control, 2, minutes_ago=1)
    answer = search(seller, lastUpdatedAfter=HOUR_AGO)
    assert order_ids(answer) == [settled.order_id]
    assert answer.json()["lastUpdatedBefore"] == iso(NOW - timedelta(minutes=2))
    exactly = search(seller, lastUpdatedAfter=HOUR_AGO, lastUpdatedBefore=iso(NOW - timedelta(minutes=2)))
    assert exactly.status_code == 200, exactly.text


def test_created_window_filters_on_created_time(seller: AmazonCaller, control: SimulatorControl) -> None:
    add_order(control, 1, minutes_ago=5, purchase=NOW - timedelta(days=3))
    recent = add_order(control, 2, minutes_ago=5, purchase=NOW - timedelta(hours=2))
    answer = search(seller, createdAfter=iso(NOW - timedelta(days=1)))
    assert order_ids(answer) == [recent.order_id]
    assert answer.json()["createdBefore"] == iso(NOW - timedelta(minutes=2))
    assert "lastUpdatedBefore" not in answer.json()


def test_marketplace_and_fulfilled_by_filters(seller: AmazonCaller, control: SimulatorControl) -> None:
    us = put(control, 1, minutes_ago=40)
    ca = put(control, 2, minutes_ago=30, marketplace_id="A2EUQ1WTGCTBG2")
    uk_afn = put(control, 3, minutes_ago=20, channel="AFN", marketplace_id="A1F83G8C2ARO7P")
    us_afn = put(control, 4, minutes_ago=10, channel="AFN")
    assert order_ids(search(seller, lastUpdatedAfter=HOUR_AGO)) == [us.order_id, us_afn.order_id]
    repeated = search(
        seller,
        [
            ("marketplaceIds", "ATVPDKIKX0DER"),
            ("marketplaceIds", "A2EUQ1WTGCTBG2"),
            ("marketplaceIds", "A1F83G8C2ARO7P"),
            ("lastUpdatedAfter", HOUR_AGO),
        ],
    )
    assert order_ids(repeated) == [us.order_id, ca.order_id, uk_afn.order_id, us_afn.order_id]
    comma = search(seller, marketplaceIds="ATVPDKIKX0DER,A1F83G8C2ARO7P", lastUpdatedAfter=HOUR_AGO)
    assert order_ids(comma) == [us.order_id, uk_afn.order_id, us_afn.order_id]
    amazon = search(
        seller, marketplaceIds="ATVPDKIKX0DER,A1F83G8C2ARO7P", lastUpdatedAfter=HOUR_AGO, fulfilledBy="AMAZON"
    )
    assert order_ids(amazon) == [uk_afn.order_id, us_afn.order_id]
    merchant = search(seller, lastUpdatedAfter=HOUR_AGO, fulfilledBy="MERCHANT")
    assert order_ids(merchant) == [us.order_id]


def test_an_update_shows_only_after_the_visibility_lag(
    seller: AmazonCaller, control: SimulatorControl
) -> None:
    control.settings(visibility_lag_seconds=600)
    sample = add_order(control, 1, minutes_ago=30)
    assert order_ids(search(seller, lastUpdatedAfter=HOUR_AGO)) == []
    assert_amazon_error(get_order(seller, sample.order_id), 404, "NotFound")
    control.advance(600)
    assert order_ids(search(seller, lastUpdatedAfter=HOUR_AGO)) == [sample.order_id]
    control.set_status(sample.order_id, "Shipped")
    shown = get_order(seller, sample.order_id, ["FULFILLMENT"]).json()["order"]
    assert shown["fulfillment"]["fulfillmentStatus"] == "UNSHIPPED"  # the change shows 10 minutes later
    control.advance(600)
    shown = get_order(seller, sample.order_id, ["FULFILLMENT"]).json()["order"]
    assert shown["fulfillment"]["fulfillmentStatus"] == "SHIPPED"


FIFTY_ONE = ",".join(f"A{n:012d}" for n in range(51))


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({}, "exactly one"),
        ({"lastUpdatedBefore": TEN_MIN_AGO}, "exactly one"),
        ({"createdBefore": TEN_MIN_AGO}, "exactly one"),
        ({"createdAfter": HOUR_AGO, "lastUpdatedAfter": HOUR_AGO}, "exactly one"),
        ({"createdAfter": HOUR_AGO, "lastUpdatedBefore": TEN_MIN_AGO}, "cannot be combined"),
        ({"lastUpdatedAfter": HOUR_AGO, "createdBefore": TEN_MIN_AGO}, "cannot be combined"),
        ({"lastUpdatedAfter": HOUR_AGO, "lastUpdatedBefore": iso(NOW - timedelta(seconds=119))}, "2 minutes"),
        ({"createdAfter": HOUR_AGO, "createdBefore": iso(NOW)}, "2 minutes"),
        ({"lastUpdatedAfter": TEN_MIN_AGO, "lastUpdatedBefore": HOUR_AGO}, "equal to or after"),
        ({"lastUpdatedAfter": iso(NOW - timedelta(seconds=60))}, "equal to or after"),
        ({"lastUpdatedAfter": "yesterday"}, "ISO 8601"),
        ({"lastUpdatedAfter": HOUR_AGO, "marketplaceIds": ""}, "marketplaceIds"),
        ({"lastUpdatedAfter": HOUR_AGO, "marketplaceIds": FIFTY_ONE}, "marketplaceIds"),
        ({"lastUpdatedAfter": HOUR_AGO, "maxResultsPerPage": "0"}, "maxResultsPerPage"),
        ({"lastUpdatedAfter": HOUR_AGO, "maxResultsPerPage": "101"}, "maxResultsPerPage"),
        ({"lastUpdatedAfter": HOUR_AGO, "maxResultsPerPage": "ten"}, "maxResultsPerPage"),
        ({"lastUpdatedAfter": HOUR_AGO, "fulfillmentStatuses": "Unshipped"}, "fulfillmentStatuses"),
        ({"lastUpdatedAfter": HOUR_AGO, "fulfillmentStatuses": "SHIPPED,LOST"}, "LOST"),
        ({"lastUpdatedAfter": HOUR_AGO, "fulfilledBy": "MFN"}, "fulfilledBy"),
        ({"lastUpdatedAfter": HOUR_AGO, "includedData": "BUYER,ITEMS"}, "includedData"),
    ],
)
def test_invalid_searches_are_refused_like_amazon(seller: AmazonCaller, params: dict, words: str) -> None:
    answer = search(seller, params)
    assert_amazon_error(answer, 400, "InvalidInput", words)
    validate_2026(answer.json(), "ErrorList")


def test_a_missing_marketplace_list_is_refused(seller: AmazonCaller) -> None:
    answer = seller.get("/orders/2026-01-01/orders", {"lastUpdatedAfter": HOUR_AGO})
    assert_amazon_error(answer, 400, "InvalidInput", "marketplaceIds")
    fifty = search(seller, lastUpdatedAfter=HOUR_AGO, marketplaceIds=",".join(FIFTY_ONE.split(",")[:50]))
    assert fifty.status_code == 200, fifty.text


def test_get_order_refuses_an_unknown_data_set(seller: AmazonCaller, control: SimulatorControl) -> None:
    sample = add_order(control, 1, minutes_ago=30)
    assert_amazon_error(get_order(seller, sample.order_id, ["ITEMS"]), 400, "InvalidInput", "includedData")


def test_pages_walk_250_orders_each_once_in_order(seller: AmazonCaller, control: SimulatorControl) -> None:
    expected = [add_order(control, n, minutes_ago=300 - n).order_id for n in range(250)]
    params = {"lastUpdatedAfter": iso(NOW - timedelta(hours=6)), "maxResultsPerPage": "100"}
    pages = walk(seller, params)
    assert [len(p["orders"]) for p in pages] == [100, 100, 50]
    seen = [o["orderId"] for p in pages for o in p["orders"]]
    assert seen == expected and len(set(seen)) == 250
    assert {p["lastUpdatedBefore"] for p in pages} == {iso(NOW - timedelta(minutes=2))}
    assert "pagination" not in pages[-1]
    for page in pages:
        validate_2026(page, "SearchOrdersResponse")


def test_page_size_and_included_data_may_change_between_pages(
    seller: AmazonCaller, control: SimulatorControl
) -> None:
    expected = [add_order(control, n, minutes_ago=60 - n).order_id for n in range(7)]
    params = {"lastUpdatedAfter": HOUR_AGO, "maxResultsPerPage": "3"}
    first = search(seller, params).json()
    token = first["pagination"]["nextToken"]
    second = search(
        seller, params | {"paginationToken": token, "maxResultsPerPage": "2", "includedData": "BUYER"}
    )
    assert second.status_code == 200, second.text
    assert [o["orderId"] for o in second.json()["orders"]] == expected[3:5]
    assert all("buyer" in o for o in second.json()["orders"]) and all(
        "buyer" not in o for o in first["orders"]
    )
    again = search(
        seller, params | {"paginationToken": token, "maxResultsPerPage": "2", "includedData": "BUYER"}
    )
    assert again.json() == second.json()  # a retried page is the same page
    rest = search(
        seller,
        params | {"paginationToken": second.json()["pagination"]["nextToken"], "maxResultsPerPage": "50"},
    )
    assert [o["orderId"] for o in rest.json()["orders"]] == expected[5:]
    assert "pagination" not in rest.json()


@pytest.mark.parametrize(
    "change",
    [
        {"lastUpdatedAfter": iso(NOW - timedelta(minutes=59))},
        {"lastUpdatedBefore": iso(NOW - timedelta(minutes=3))},  # absent at first: a changed parameter
        {"marketplaceIds": "ATVPDKIKX0DER,A2EUQ1WTGCTBG2"},
        {"fulfilledBy": "MERCHANT"},
        {"fulfillmentStatuses": "UNSHIPPED"},
    ],
)
def test_a_token_with_changed_parameters_is_refused_without_message(
    seller: AmazonCaller, control: SimulatorControl, change: dict
) -> None:
    for n in range(3):
        add_order(control, n, minutes_ago=30)
    params = {"lastUpdatedAfter": HOUR_AGO, "maxResultsPerPage": "1"}
    token = search(seller, params).json()["pagination"]["nextToken"]
    assert_refused_without_message(search(seller, params | change | {"paginationToken": token}))
    assert search(seller, params | {"paginationToken": token}).status_code == 200  # unchanged: taken
    # Same meaning in another spelling is no change.
    spelled = params | {"lastUpdatedAfter": iso(NOW - timedelta(hours=1)).replace("Z", "+00:00")}
    assert search(seller, spelled | {"paginationToken": token}).status_code == 200


def test_a_token_lives_24_hours_of_simulated_time(
    sim_url: str, seller: AmazonCaller, control: SimulatorControl
) -> None:
    for n in range(3):
        add_order(control, n, minutes_ago=30)
    params = {"lastUpdatedAfter": HOUR_AGO, "maxResultsPerPage": "1"}
    first = search(seller, params).json()["pagination"]["nextToken"]
    control.advance(3600)
    seller = caller_for(sim_url, control, SELLER, REFRESH_TOKEN)  # an access token lives an hour
    second = search(seller, params | {"paginationToken": first}).json()["pagination"]["nextToken"]
    control.advance(23 * 3600 - 1)
    seller = caller_for(sim_url, control, SELLER, REFRESH_TOKEN)
    assert search(seller, params | {"paginationToken": first}).status_code == 200  # 24 h less a second
    assert search(seller, params | {"paginationToken": second}).status_code == 200
    control.advance(2)
    assert_refused_without_message(search(seller, params | {"paginationToken": first}))
    assert search(seller, params | {"paginationToken": second}).status_code == 200  # issued an hour later
    control.advance(3600)
    seller = caller_for(sim_url, control, SELLER, REFRESH_TOKEN)
    assert_refused_without_message(search(seller, params | {"paginationToken": second}))


def test_an_unknown_or_foreign_token_is_refused_without_message(
    sim_url: str, seller: AmazonCaller, control: SimulatorControl
) -> None:
    for n in range(3):
        add_order(control, n, minutes_ago=30)
    params = {"lastUpdatedAfter": HOUR_AGO, "maxResultsPerPage": "1"}
    token = search(seller, params).json()["pagination"]["nextToken"]
    other = caller_for(sim_url, control, "A2SELLERTWO", "Atzr|seller-two")
    assert_refused_without_message(search(other, params | {"paginationToken": token}))
    assert_refused_without_message(search(seller, params | {"paginationToken": "made-up"}))
    v0_token = seller.orders(LastUpdatedAfter=HOUR_AGO, MaxResultsPerPage="1").json()["payload"]["NextToken"]
    assert_refused_without_message(search(seller, params | {"paginationToken": v0_token}))


def test_discounts_reduce_the_proceeds(seller: AmazonCaller, control: SimulatorControl) -> None:
    sample = sample_order(1, NOW - timedelta(minutes=30), item_quantities=(2,))
    item = sample.items[0]
    item["PromotionDiscount"] = {"CurrencyCode": "USD", "Amount": "3.00"}
    item["ShippingDiscount"] = {"CurrencyCode": "USD", "Amount": "4.99"}
    item["ShippingTax"] = {"CurrencyCode": "USD", "Amount": "0.50"}
    item["PromotionDiscountTax"] = {"CurrencyCode": "USD", "Amount": "0.30"}
    item["CODFee"] = {"CurrencyCode": "USD", "Amount": "2.00"}
    item["BuyerInfo"] = {"GiftWrapPrice": {"CurrencyCode": "USD", "Amount": "1.50"}}
    control.put_order(SELLER, sample.order, sample.items)
    order = get_order(seller, sample.order_id, ["PROCEEDS"]).json()["order"]
    proceeds = order["orderItems"][0]["proceeds"]
    parts = breakdowns(proceeds)
    assert list(parts) == ["ITEM", "SHIPPING", "GIFT_WRAP", "COD_FEE", "TAX", "DISCOUNT"]
    assert amount(parts["ITEM"]["subtotal"]) == Decimal("23.98")
    assert amount(parts["GIFT_WRAP"]["subtotal"]) == Decimal("1.50")
    assert amount(parts["COD_FEE"]["subtotal"]) == Decimal("2.00")
    assert amount(parts["DISCOUNT"]["subtotal"]) == Decimal("-7.99")
    assert {d["subtype"]: amount(d["value"]) for d in parts["DISCOUNT"]["detailedBreakdowns"]} == {
        "ITEM": Decimal("-3.00"),
        "SHIPPING": Decimal("-4.99"),
    }
    assert {d["subtype"]: amount(d["value"]) for d in parts["TAX"]["detailedBreakdowns"]} == {
        "ITEM": Decimal("2.40"),
        "SHIPPING": Decimal("0.50"),
        "DISCOUNT": Decimal("-0.30"),
    }
    assert amount(parts["TAX"]["subtotal"]) == Decimal("2.60")
    total = sum((amount(b["subtotal"]) for b in proceeds["breakdowns"]), Decimal())
    assert amount(proceeds["proceedsTotal"]) == total == Decimal("27.08")
    assert amount(breakdowns(order["proceeds"])["DISCOUNT"]["subtotal"]) == Decimal("-7.99")
