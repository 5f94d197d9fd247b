from __future__ import annotations

import time
from datetime import timedelta

import pytest
import requests

from sp_api_simulator import SimulatorControl

from .amazon_calls import NOW, REFRESH_TOKEN, AmazonCaller, assert_amazon_error, exchange, iso

AFTER = iso(NOW - timedelta(hours=1))


@pytest.mark.parametrize(
    ("kind", "status", "code"),
    [
        ("throttle", 429, "QuotaExceeded"),
        ("error500", 500, "InternalFailure"),
        ("error503", 503, "ServiceUnavailable"),
    ],
)
def test_error_faults_fail_the_next_n_calls(
    seller: AmazonCaller, control: SimulatorControl, kind: str, status: int, code: str
) -> None:
    control.inject_fault("getOrders", kind, count=2)
    assert_amazon_error(seller.orders(LastUpdatedAfter=AFTER), status, code)
    assert_amazon_error(seller.orders(LastUpdatedAfter=AFTER), status, code)
    assert seller.orders(LastUpdatedAfter=AFTER).status_code == 200
    assert control.calls()["getOrders"] == 3


def test_faults_touch_only_their_operation(seller: AmazonCaller, control: SimulatorControl) -> None:
    control.inject_fault("getOrderItems", "error500")
    assert seller.orders(LastUpdatedAfter=AFTER).status_code == 200
    assert seller.get("/orders/v0/orders/x/orderItems").status_code == 500
    assert seller.get("/orders/v0/orders/x/orderItems").status_code == 404


def test_throttle_fault_may_carry_retry_after(seller: AmazonCaller, control: SimulatorControl) -> None:
    control.inject_fault("getOrders", "throttle", retry_after=2)
    assert seller.orders(LastUpdatedAfter=AFTER).headers["Retry-After"] == "2"


def test_malformed_answer_is_not_json(seller: AmazonCaller, control: SimulatorControl) -> None:
    control.inject_fault("getOrders", "malformed")
    answer = seller.orders(LastUpdatedAfter=AFTER)
    assert answer.status_code == 200
    with pytest.raises(ValueError):
        answer.json()


def test_timeout_holds_the_answer_back(seller: AmazonCaller, control: SimulatorControl) -> None:
    control.inject_fault("getOrders", "timeout", delay_seconds=0.6)
    started = time.monotonic()
    with pytest.raises(requests.Timeout):
        requests.get(
            f"{seller.base_url}/orders/v0/orders",
            params={"MarketplaceIds": "ATVPDKIKX0DER", "LastUpdatedAfter": AFTER},
            headers={"x-amz-access-token": seller.access_token},
            timeout=0.2,
        )
    assert time.monotonic() - started < 0.5
    assert seller.orders(LastUpdatedAfter=AFTER).status_code == 200


@pytest.mark.usefixtures("seller")
def test_token_faults_answer_in_lwa_shape(sim_url: str, control: SimulatorControl) -> None:
    control.inject_fault("token", "error503")
    failed = exchange(sim_url, REFRESH_TOKEN)
    assert failed.status_code == 503 and failed.json()["error"] == "ServiceUnavailable"
    assert exchange(sim_url, REFRESH_TOKEN).status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"operation": "getOrders", "kind": "explode"},
        {"operation": "deleteOrders", "kind": "error500"},
        {"operation": "getOrders", "kind": "error500", "count": 0},
        {"kind": "error500"},
    ],
)
def test_bad_fault_requests_are_refused(sim_url: str, body: dict[str, object]) -> None:
    assert requests.post(f"{sim_url}/_sim/faults", json=body, timeout=5).status_code == 400
