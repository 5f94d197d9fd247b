"""Amazon canceling part of an order in the simulator (POST /_sim/orders/{id}/items/{item}/cancellation):
v0 shows what remains (quantity and money lowered, the order still adds up), v2026 the order as placed
with the cancellation's execution and fulfillment counts; Amazon's refusals; shipments of what remains."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
import requests

from amazon_orders.pipeline import payload_2026
from sp_api_simulator.item_cancellations import MONEY_FIELDS
from sp_api_simulator.sample_orders import (
    JP_MARKETPLACE,
    UK_MARKETPLACE,
    US_MARKETPLACE,
    SampleOrder,
    order_total,
)

from .amazon_calls import NOW, AmazonCaller, add_order, assert_amazon_error, iso
from .calls_2026 import ALL_INCLUDED, amount, get_order, money_of_2026_item, money_of_v0_item, validate_2026
from .test_sim_shipments import confirm, confirmation


def v0_items(seller: AmazonCaller, sample: SampleOrder) -> list[dict[str, Any]]:
    answer = seller.get(f"/orders/v0/orders/{sample.order_id}/orderItems")
    assert answer.status_code == 200, answer.text
    return answer.json()["payload"]["OrderItems"]


def v0_order(seller: AmazonCaller, sample: SampleOrder) -> dict[str, Any]:
    answer = seller.get(f"/orders/v0/orders/{sample.order_id}")
    assert answer.status_code == 200, answer.text
    return answer.json()["payload"]


def v2026_order(seller: AmazonCaller, sample: SampleOrder) -> dict[str, Any]:
    answer = get_order(seller, sample.order_id, ALL_INCLUDED)
    assert answer.status_code == 200, answer.text
    order = answer.json()["order"]
    validate_2026(order, "Order")
    return order


def cancel(sim_url: str, order_id: str, item_id: str, body: dict[str, Any]) -> requests.Response:
    return requests.post(
        f"{sim_url}/_sim/orders/{order_id}/items/{item_id}/cancellation", json=body, timeout=10
    )


def money_field(item: dict[str, Any], name: str) -> dict[str, str] | None:
    holder: Any = item
    for part in name.split("."):
        holder = holder.get(part) if isinstance(holder, dict) else None
    return holder


@pytest.mark.parametrize(
    ("number", "marketplace"),
    [(1, US_MARKETPLACE), (2, US_MARKETPLACE), (5, US_MARKETPLACE), (3, UK_MARKETPLACE), (4, JP_MARKETPLACE)],
)
def test_v0_shows_what_remains_and_the_order_still_adds_up(seller, control, number, marketplace):
    sample = add_order(control, number, 30, item_quantities=(3, 1), marketplace_id=marketplace)
    control.advance(60)
    control.cancel_item(sample.order_id, sample.items[0]["OrderItemId"], 1)
    order, items = v0_order(seller, sample), v0_items(seller, sample)
    [truth] = [o["items"] for o in control.orders() if o["order"]["AmazonOrderId"] == sample.order_id]
    assert [i["QuantityOrdered"] for i in items] == [2, 1]
    for name in MONEY_FIELDS:  # each amount two thirds of the placed one, to its own precision
        given = money_field(sample.items[0], name)  # (gift wrap sits in BuyerInfo: the truth's, not v0's)
        if given is None:
            continue
        step = Decimal(1).scaleb(Decimal(given["Amount"]).as_tuple().exponent)
        expected = (Decimal(given["Amount"]) * 2 / 3).quantize(step, rounding=ROUND_HALF_UP)
        assert Decimal(money_field(truth[0], name)["Amount"]) == expected, name
        if not name.startswith("BuyerInfo."):
            assert money_field(items[0], name) == money_field(truth[0], name), name
    assert truth[1] == sample.items[1]
    assert Decimal(order["OrderTotal"]["Amount"]) == order_total(truth, marketplace)
    assert order["OrderStatus"] == "Unshipped"
    assert order["LastUpdateDate"] == iso(control.now())
    assert order["NumberOfItemsUnshipped"] == 3


def test_v2026_shows_the_order_as_placed_and_what_amazon_canceled(seller, control):
    sample = add_order(control, 2, 30, item_quantities=(3, 1))
    control.advance(60)
    line = sample.items[0]["OrderItemId"]
    control.cancel_item(sample.order_id, line, 1, reason="Out of stock at the warehouse")
    control.cancel_item(sample.order_id, line, 1, cancelled_by="BUYER", reason="Ordered too many")
    order = v2026_order(seller, sample)
    first = order["orderItems"][0]
    assert first["quantityOrdered"] == 3
    assert first["fulfillment"]["quantityFulfilled"] == 0
    assert first["fulfillment"]["quantityUnfulfilled"] == 1
    assert first["cancellation"] == {
        "cancellationExecution": {"cancelledBy": "BUYER", "cancelReason": "Ordered too many"}
    }
    assert payload_2026.quantity_canceled(first) == 2  # how the pipeline reads it
    assert money_of_2026_item(first) == money_of_v0_item(sample.items[0])  # the money as placed
    assert amount(order["proceeds"]["grandTotal"]) == amount(sample.order["OrderTotal"])
    assert amount(order["payment"]["paymentExecutions"][0]["paymentAmount"]) == amount(
        sample.order["OrderTotal"]
    )
    untouched = order["orderItems"][1]
    assert "cancellation" not in untouched and payload_2026.quantity_canceled(untouched) == 0
    assert untouched["fulfillment"]["quantityUnfulfilled"] == 1
    # v0 meanwhile: one unit left of the three, its money worked out from the placed line (not twice)
    [first_v0, _] = v0_items(seller, sample)
    assert first_v0["QuantityOrdered"] == 1
    price = Decimal(sample.items[0]["ItemPrice"]["Amount"])
    assert Decimal(first_v0["ItemPrice"]["Amount"]) == (price / 3).quantize(Decimal("0.01"), ROUND_HALF_UP)


def test_an_order_with_every_line_canceled_is_canceled_in_both_versions(seller, control):
    sample = add_order(control, 1, 30, item_quantities=(2, 1))
    control.advance(60)
    control.cancel_item(sample.order_id, sample.items[0]["OrderItemId"], 2)
    assert v0_order(seller, sample)["OrderStatus"] == "Unshipped"
    control.cancel_item(sample.order_id, sample.items[1]["OrderItemId"], 1)
    order = v0_order(seller, sample)
    assert order["OrderStatus"] == "Canceled"
    assert Decimal(order["OrderTotal"]["Amount"]) == 0
    assert [i["QuantityOrdered"] for i in v0_items(seller, sample)] == [0, 0]
    assert all(Decimal(i["ItemPrice"]["Amount"]) == 0 for i in v0_items(seller, sample))
    shown = v2026_order(seller, sample)
    assert shown["fulfillment"]["fulfillmentStatus"] == "CANCELLED"
    assert [payload_2026.quantity_canceled(i) for i in shown["orderItems"]] == [2, 1]


def test_an_order_whose_remaining_units_all_shipped_is_shipped(seller, control):
    sample = add_order(control, 1, 30, item_quantities=(2, 1))
    control.advance(60)
    assert confirm(seller, sample, confirmation(sample, [(0, 2)])).status_code == 204
    assert v0_order(seller, sample)["OrderStatus"] == "PartiallyShipped"
    control.cancel_item(sample.order_id, sample.items[1]["OrderItemId"], 1)
    assert v0_order(seller, sample)["OrderStatus"] == "Shipped"
    [first, second] = v2026_order(seller, sample)["orderItems"]
    assert first["fulfillment"] == {"quantityFulfilled": 2, "quantityUnfulfilled": 0}
    assert second["fulfillment"] == {"quantityFulfilled": 0, "quantityUnfulfilled": 0}
    assert payload_2026.quantity_canceled(second) == 1


def test_a_canceled_unit_cannot_be_confirmed_shipped(seller, control):
    sample = add_order(control, 1, 30, item_quantities=(2,))
    control.advance(60)
    control.cancel_item(sample.order_id, sample.items[0]["OrderItemId"], 1)
    refused = confirm(seller, sample, confirmation(sample, [(0, 2)]))
    assert_amazon_error(refused, 400, "InvalidInput", "not within 1..1")
    assert confirm(seller, sample, confirmation(sample, [(0, 1)], package="2")).status_code == 204
    assert v0_order(seller, sample)["OrderStatus"] == "Shipped"
    assert [c["body"]["packageDetail"]["orderItems"] for c in control.confirmations()] == [
        [{"orderItemId": sample.items[0]["OrderItemId"], "quantity": 1}]
    ]


def test_refusals_name_the_reason(seller, control, sim_url):
    sample = add_order(control, 1, 30, item_quantities=(2, 1))
    line = sample.items[0]["OrderItemId"]
    assert confirm(seller, sample, confirmation(sample, [(0, 1)])).status_code == 204
    for body, words in [
        ({}, "quantity None"),
        ({"quantity": 0}, "not within 1..1"),
        ({"quantity": 2}, "not within 1..1 (unshipped)"),  # one of the two has shipped
        ({"quantity": "1"}, "quantity '1'"),
        ({"quantity": True}, "quantity True"),
        ({"quantity": 1, "cancelled_by": "ROBOT"}, "cancelled_by must be one of BUYER, MERCHANT, AMAZON"),
        ({"quantity": 1, "reason": 7}, "reason has the wrong type"),
    ]:
        assert_amazon_error(cancel(sim_url, sample.order_id, line, body), 400, "InvalidInput", words)
    assert_amazon_error(cancel(sim_url, "111-0000000-0000000", line, {"quantity": 1}), 404, "NotFound")
    assert_amazon_error(cancel(sim_url, sample.order_id, "nope", {"quantity": 1}), 404, "NotFound", "nope")
    control.set_status(sample.order_id, "Canceled")
    assert_amazon_error(
        cancel(sim_url, sample.order_id, line, {"quantity": 1}), 400, "InvalidInput", "Canceled already"
    )
    assert v0_items(seller, sample)[0]["QuantityOrdered"] == 2  # nothing refused changed the order


def test_a_cancellation_shows_after_amazons_lag(seller, control):
    sample = add_order(control, 1, 30, item_quantities=(2,))
    control.settings(visibility_lag_seconds=120)
    control.advance(60)
    control.cancel_item(sample.order_id, sample.items[0]["OrderItemId"], 1)
    assert v0_items(seller, sample)[0]["QuantityOrdered"] == 2
    assert "cancellation" not in v2026_order(seller, sample)["orderItems"][0]
    control.advance(121)
    assert v0_items(seller, sample)[0]["QuantityOrdered"] == 1
    assert payload_2026.quantity_canceled(v2026_order(seller, sample)["orderItems"][0]) == 1
    assert NOW < control.now()
