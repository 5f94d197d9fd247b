from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from amazon_orders.sp_api import Credentials, SpApiClient, SpApiError
from amazon_orders.sp_api.model import LWA_TOKEN_PATH
from sp_api_simulator import SimulatorControl

from .seller_account import CREDENTIALS, MARKETPLACE, NOW, add_orders, fast_client


def test_credentials_repr_hides_the_secret_and_the_token() -> None:
    for text in (
        repr(CREDENTIALS),
        str(CREDENTIALS),
        repr([CREDENTIALS]),
        repr(fast_client("http://x", CREDENTIALS)),
    ):
        assert CREDENTIALS.client_secret not in text
        assert CREDENTIALS.refresh_token not in text
        assert CREDENTIALS.client_id in text or "SpApiClient" in text


def test_one_token_serves_many_calls(client: SpApiClient, control: SimulatorControl) -> None:
    [sample] = add_orders(control, 1)
    client.get_order(sample.order_id)
    client.get_order_items(sample.order_id)
    list(client.get_orders([MARKETPLACE], NOW - timedelta(hours=1)))
    assert control.calls() == {"token": 1, "getOrder": 1, "getOrderItems": 1, "getOrders": 1}


def test_token_is_renewed_a_minute_before_expiry_on_amazons_clock(
    client: SpApiClient, control: SimulatorControl
) -> None:
    [sample] = add_orders(control, 1)
    client.get_order(sample.order_id)  # token issued at NOW: renew from NOW + 3540 s on Amazon's clock
    control.advance(3539)
    client.get_order(sample.order_id)  # the client still knows NOW; this answer is dated NOW + 3539 s
    client.get_order(sample.order_id)  # a second short of the margin: same token
    control.advance(1)
    client.get_order(sample.order_id)  # same token again; this answer is dated NOW + 3540 s
    client.get_order(sample.order_id)  # renewed before sending
    assert control.calls() == {"token": 2, "getOrder": 5}  # renewed ahead of time, never refused


def test_an_expired_token_is_refreshed_once_and_the_call_retried(
    client: SpApiClient, control: SimulatorControl
) -> None:
    [sample] = add_orders(control, 1)
    client.get_order(sample.order_id)
    control.advance(3600)  # the client has not seen this time yet, so it sends the old token
    page = client.get_order(sample.order_id)
    assert page.status == 200 and page.body["payload"]["AmazonOrderId"] == sample.order_id
    assert control.calls() == {"token": 2, "getOrder": 3}


def test_a_refused_refresh_token_is_an_error_without_retries(sim_url: str, control: SimulatorControl) -> None:
    stranger = Credentials(CREDENTIALS.client_id, CREDENTIALS.client_secret, "Atzr|unknown")
    with pytest.raises(SpApiError) as raised:
        fast_client(sim_url, stranger).get_order("114-0000000-0000001")
    assert (raised.value.operation, raised.value.status, raised.value.code) == ("token", 400, "invalid_grant")
    assert "token" in str(raised.value) and "invalid_grant" in str(raised.value)
    assert control.calls() == {"token": 1}


@pytest.mark.usefixtures("control")
def test_wrong_client_secret_is_refused(sim_url: str) -> None:
    wrong = Credentials(CREDENTIALS.client_id, "wrong-secret", CREDENTIALS.refresh_token)
    with pytest.raises(SpApiError) as raised:
        fast_client(sim_url, wrong).amazon_now()
    assert (raised.value.status, raised.value.code) == (401, "invalid_client")


@pytest.mark.usefixtures("control")
def test_lwa_endpoint_may_be_the_token_url_or_its_origin(sim_url: str) -> None:
    full = SpApiClient(sim_url, sim_url + LWA_TOKEN_PATH, CREDENTIALS)
    assert full.amazon_now() == NOW
    assert fast_client(sim_url).amazon_now() == NOW


def test_logs_never_show_secrets_or_buyers(
    client: SpApiClient, control: SimulatorControl, caplog: pytest.LogCaptureFixture
) -> None:
    [sample] = add_orders(control, 1)
    control.inject_fault("getOrder", "error500")
    with caplog.at_level(logging.DEBUG):
        client.get_order(sample.order_id)
        list(client.get_orders([MARKETPLACE], NOW - timedelta(hours=1)))
    logged = caplog.text
    assert "getOrder: HTTP 500 (attempt 1)" in logged and "getOrder: HTTP 200 (attempt 2)" in logged
    forbidden = [
        CREDENTIALS.client_secret,
        CREDENTIALS.refresh_token,
        "Atza|",
        sample.order["BuyerInfo"]["BuyerEmail"],
    ]
    forbidden.append(sample.order["ShippingAddress"]["AddressLine1"])
    assert not [word for word in forbidden if word in logged]
