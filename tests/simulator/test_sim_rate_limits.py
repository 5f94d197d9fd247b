from __future__ import annotations

from datetime import timedelta

import pytest

from amazon_orders.sp_api.model import usage_plans
from sp_api_simulator import SimulatorControl, running_simulator

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


def test_usage_plans_are_read_from_the_model() -> None:
    plans = usage_plans()
    assert (plans["getOrders"].rate, plans["getOrders"].burst) == (0.0167, 20)
    assert (plans["getOrderItems"].rate, plans["getOrderItems"].burst) == (0.5, 30)
    assert (plans["confirmShipment"].rate, plans["confirmShipment"].burst) == (2.0, 10)


@pytest.mark.parametrize(
    ("operation", "path"),
    [
        ("getOrders", "/orders/v0/orders?MarketplaceIds=ATVPDKIKX0DER&LastUpdatedAfter=2026-11-20T00:00:00Z"),
        ("getOrders", "/orders/v0/orders"),  # a 400 answer carries it too
        ("getOrder", "/orders/v0/orders/{id}"),
        ("getOrder", "/orders/v0/orders/unknown"),
        ("getOrderItems", "/orders/v0/orders/{id}/orderItems"),
    ],
)
def test_answers_carry_the_default_rate_limit(
    seller: AmazonCaller, control: SimulatorControl, operation: str, path: str
) -> None:
    sample = add_order(control, 1, minutes_ago=30)
    answer = seller.get(path.format(id=sample.order_id))
    assert answer.headers["x-amzn-RateLimit-Limit"] == usage_plans()[operation].rate_text
    assert answer.headers["x-amzn-RequestId"]


def test_confirm_shipment_answer_carries_its_rate_limit(
    seller: AmazonCaller, control: SimulatorControl
) -> None:
    sample = add_order(control, 1, minutes_ago=30)
    answer = seller.post(f"/orders/v0/orders/{sample.order_id}/shipmentConfirmation", {})
    assert answer.status_code == 400
    assert answer.headers["x-amzn-RateLimit-Limit"] == "2"


def test_rates_are_not_enforced_by_default(seller: AmazonCaller) -> None:
    after = iso(NOW - timedelta(hours=1))
    assert {seller.orders(LastUpdatedAfter=after).status_code for _ in range(25)} == {200}


def test_rate_scale_enforces_burst_then_scaled_rate() -> None:
    with running_simulator(NOW, rate_scale=0.001) as url:
        seller = caller_for(url, SimulatorControl(url), SELLER, REFRESH_TOKEN)
        after = iso(NOW - timedelta(hours=1))
        answers = [seller.orders(LastUpdatedAfter=after) for _ in range(21)]
    assert [a.status_code for a in answers[:20]] == [200] * 20
    assert_amazon_error(answers[20], 429, "QuotaExceeded")
    assert answers[20].headers["x-amzn-RateLimit-Limit"] == "0.0167"  # Amazon's rate, not the scaled one
