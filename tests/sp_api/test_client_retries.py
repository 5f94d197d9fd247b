from __future__ import annotations

import time
from datetime import timedelta

import pytest

from amazon_orders.sp_api import Credentials, SpApiClient, SpApiError
from sp_api_simulator import SimulatorControl
from sp_api_simulator.server import listening_socket

from .seller_account import MARKETPLACE, NOW, add_orders, fast_client

HOUR_AGO = NOW - timedelta(hours=1)


@pytest.mark.parametrize("kind", ["throttle", "error500", "error503", "malformed"])
def test_transient_failures_are_retried(client: SpApiClient, control: SimulatorControl, kind: str) -> None:
    samples = add_orders(control, 3)
    control.inject_fault("getOrders", kind, count=2)
    [page] = client.get_orders([MARKETPLACE], HOUR_AGO)
    assert len(page.body["payload"]["Orders"]) == len(samples)
    assert control.calls()["getOrders"] == 3


def test_a_timeout_is_retried(sim_url: str, control: SimulatorControl) -> None:
    [sample] = add_orders(control, 1)
    control.inject_fault("getOrderItems", "timeout", delay_seconds=1.0)
    client = fast_client(sim_url, timeout=0.3)
    pages = client.get_order_items(sample.order_id)
    assert pages[0].body["payload"]["OrderItems"] == sample.items
    assert control.calls()["getOrderItems"] == 2


def test_a_confirmation_whose_answer_was_lost_is_retried_safely(
    sim_url: str, control: SimulatorControl
) -> None:
    [sample] = add_orders(control, 1, item_quantities=(2,))
    control.inject_fault("confirmShipment", "timeout", delay_seconds=1.0)
    body = {
        "marketplaceId": MARKETPLACE,
        "packageDetail": {
            "packageReferenceId": "1",
            "carrierCode": "UPS",
            "trackingNumber": "1Z1",
            "shipDate": "2026-11-20T11:00:00Z",
            "orderItems": [{"orderItemId": sample.items[0]["OrderItemId"], "quantity": 1}],
        },
    }
    assert fast_client(sim_url, timeout=0.3).confirm_shipment(sample.order_id, body).status == 204
    assert control.orders()[0]["items"][0]["QuantityShipped"] == 1


def test_token_call_failures_are_retried(client: SpApiClient, control: SimulatorControl) -> None:
    control.inject_fault("token", "error500")
    control.inject_fault("token", "throttle")
    assert client.amazon_now() == NOW
    assert control.calls() == {"token": 3}


def test_gives_up_after_max_attempts(sim_url: str, control: SimulatorControl) -> None:
    control.inject_fault("getOrders", "error503", count=10)
    client = fast_client(sim_url, max_attempts=3)
    with pytest.raises(SpApiError) as raised:
        list(client.get_orders([MARKETPLACE], HOUR_AGO))
    error = raised.value
    assert (error.operation, error.status, error.code) == ("getOrders", 503, "ServiceUnavailable")
    assert "gave up after 3 attempts" in str(error)
    assert control.calls()["getOrders"] == 3


def test_gives_up_on_answers_that_stay_malformed(sim_url: str, control: SimulatorControl) -> None:
    control.inject_fault("getOrder", "malformed", count=10)
    with pytest.raises(SpApiError) as raised:
        fast_client(sim_url, max_attempts=2).get_order("114-0000000-0000000")
    assert (raised.value.status, raised.value.code) == (200, "MalformedResponse")
    assert "not a JSON object" in str(raised.value)


def test_retry_after_is_honoured(client: SpApiClient, control: SimulatorControl) -> None:
    client.amazon_now()
    control.inject_fault("getOrders", "throttle", retry_after=0.4)
    started = time.monotonic()
    list(client.get_orders([MARKETPLACE], HOUR_AGO))
    assert time.monotonic() - started >= 0.4


def test_nobody_listening_is_a_connection_error_after_retries() -> None:
    with listening_socket("127.0.0.1", 0) as sock:
        port = sock.getsockname()[1]
    credentials = Credentials("id", "secret", "token")
    client = SpApiClient(
        f"http://127.0.0.1:{port}", f"http://127.0.0.1:{port}", credentials, max_attempts=2, backoff_base=0.01
    )
    with pytest.raises(SpApiError) as raised:
        client.amazon_now()
    assert (raised.value.operation, raised.value.status, raised.value.code) == (
        "token",
        None,
        "ConnectionError",
    )
    assert "no HTTP answer" in str(raised.value)
