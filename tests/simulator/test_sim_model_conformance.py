"""The simulator's answers validate against the Orders API v0 model's definitions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import jsonschema
import pytest

from amazon_orders.sp_api.model import definition_schema
from sp_api_simulator import SimulatorControl

from .amazon_calls import NOW, AmazonCaller, add_order, iso


def validate(instance: Any, definition: str) -> None:
    jsonschema.Draft4Validator(definition_schema(definition)).validate(instance)


@pytest.fixture
def shipped_order(seller: AmazonCaller, control: SimulatorControl) -> str:
    sample = add_order(control, 1, minutes_ago=30, item_quantities=(2, 1))
    body = {
        "marketplaceId": "ATVPDKIKX0DER",
        "packageDetail": {
            "packageReferenceId": "1",
            "carrierCode": "UPS",
            "trackingNumber": "1Z1",
            "shipDate": iso(NOW),
            "orderItems": [{"orderItemId": sample.items[0]["OrderItemId"], "quantity": 1}],
        },
    }
    validate(body, "ConfirmShipmentRequest")
    assert seller.post(f"/orders/v0/orders/{sample.order_id}/shipmentConfirmation", body).status_code == 204
    add_order(control, 2, minutes_ago=20, status="Pending")
    return sample.order_id


def test_orders_conform_to_the_model(seller: AmazonCaller, shipped_order: str) -> None:
    answer = seller.orders(CreatedAfter=iso(NOW - timedelta(days=1))).json()
    validate(answer, "GetOrdersResponse")
    assert len(answer["payload"]["Orders"]) == 2
    for order in answer["payload"]["Orders"]:
        validate(order, "Order")
    single = seller.get(f"/orders/v0/orders/{shipped_order}").json()
    validate(single, "GetOrderResponse")
    assert single["payload"]["OrderStatus"] == "PartiallyShipped"


def test_order_items_conform_to_the_model(seller: AmazonCaller, shipped_order: str) -> None:
    answer = seller.get(f"/orders/v0/orders/{shipped_order}/orderItems").json()
    validate(answer, "GetOrderItemsResponse")
    for item in answer["payload"]["OrderItems"]:
        validate(item, "OrderItem")


def test_errors_conform_to_the_model(seller: AmazonCaller) -> None:
    validate(seller.orders().json(), "GetOrdersResponse")
    validate(seller.get("/orders/v0/orders/nope").json(), "GetOrderResponse")
    with pytest.raises(jsonschema.ValidationError):  # the check has teeth
        validate({"errors": [{"message": "no code"}]}, "GetOrderResponse")
