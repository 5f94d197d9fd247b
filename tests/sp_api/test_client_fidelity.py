"""The client against Amazon's harder rules: failures reported, expired NextTokens, restricted data,
two years of history, pacing that meets few 429s."""

from __future__ import annotations

from datetime import timedelta

import pytest

from amazon_orders.sp_api import Credentials, SpApiClient, SpApiError
from amazon_orders.sp_api.client import CallFailure
from sp_api_simulator import SimulatorControl, running_simulator

from .seller_account import CREDENTIALS, MARKETPLACE, NOW, add_orders, fast_client, register

HOUR_AGO = NOW - timedelta(hours=1)


def test_every_failed_attempt_is_reported(client: SpApiClient, control: SimulatorControl) -> None:
    add_orders(control, 2)
    control.inject_fault("getOrders", "throttle", count=2)
    control.inject_fault("getOrders", "error500")
    failures: list[CallFailure] = []
    with client.recording_failures(failures.append):
        [page] = client.get_orders([MARKETPLACE], HOUR_AGO)
    assert len(page.body["payload"]["Orders"]) == 2
    assert [(f.operation, f.status, f.code, f.attempt, f.final) for f in failures] == [
        ("getOrders", 429, "QuotaExceeded", 1, False),
        ("getOrders", 429, "QuotaExceeded", 2, False),
        ("getOrders", 500, "InternalFailure", 3, False),
    ]
    client.get_order("114-0000000-0000000")  # outside the block: nobody hears of anything
    assert len(failures) == 3


def test_a_call_that_gives_up_is_reported_final(sim_url: str, control: SimulatorControl) -> None:
    control.inject_fault("getOrderItems", "timeout", count=3, delay_seconds=0.5)
    client = fast_client(sim_url, timeout=0.2, max_attempts=2)
    failures: list[CallFailure] = []
    with client.recording_failures(failures.append), pytest.raises(SpApiError):
        client.get_order_items("114-0000000-0000000")
    assert [(f.status, f.code, f.final) for f in failures] == [
        (None, "Timeout", False),
        (None, "Timeout", True),
    ]


@pytest.mark.usefixtures("control")
def test_bad_credentials_are_reported_without_secrets(sim_url: str) -> None:
    wrong = Credentials(CREDENTIALS.client_id, CREDENTIALS.client_secret, "Atzr|revoked-refresh-token")
    client = fast_client(sim_url, wrong)
    failures: list[CallFailure] = []
    with client.recording_failures(failures.append), pytest.raises(SpApiError) as raised:
        list(client.get_orders([MARKETPLACE], HOUR_AGO))
    assert (raised.value.operation, raised.value.status, raised.value.code) == ("token", 400, "invalid_grant")
    assert [(f.operation, f.status, f.code, f.final) for f in failures] == [
        ("token", 400, "invalid_grant", True)
    ]
    assert "revoked-refresh-token" not in repr(failures) and CREDENTIALS.client_secret not in repr(failures)


def test_an_expired_next_token_restarts_the_query(client: SpApiClient, control: SimulatorControl) -> None:
    samples = add_orders(control, 150)
    control.settings(next_token_lifetime_seconds=60)
    pages = client.get_orders([MARKETPLACE], HOUR_AGO)
    first = next(pages)
    control.advance(61)  # the first page's NextToken is dead now
    rest = list(pages)
    assert [len(p.body["payload"]["Orders"]) for p in [first, *rest]] == [100, 100, 50]
    assert {o["AmazonOrderId"] for p in rest for o in p.body["payload"]["Orders"]} == {
        s.order_id for s in samples
    }


def test_a_token_that_keeps_expiring_gives_up(client: SpApiClient, control: SimulatorControl) -> None:
    add_orders(control, 150)
    control.settings(next_token_lifetime_seconds=60)
    pages = client.get_orders([MARKETPLACE], HOUR_AGO)
    with pytest.raises(SpApiError, match="expired"):
        for _ in pages:
            control.advance(61)


def test_restricted_data_comes_with_one_rdt(sim_url: str, control: SimulatorControl) -> None:
    [sample] = add_orders(control, 1)
    client = fast_client(sim_url, restricted_data=True)
    [page] = client.get_orders([MARKETPLACE], HOUR_AGO)
    order = page.body["payload"]["Orders"][0]
    assert order["BuyerInfo"] == sample.order["BuyerInfo"]
    assert order["ShippingAddress"] == sample.order["ShippingAddress"]
    assert client.get_order(sample.order_id).body["payload"] == sample.order
    client.get_order_items(sample.order_id)
    assert control.calls()["createRestrictedDataToken"] == 1  # cached for every restricted call
    plain = fast_client(sim_url)
    assert plain.get_order(sample.order_id).body["payload"]["BuyerInfo"] == {}


@pytest.mark.usefixtures("control")
def test_windows_older_than_two_years_are_moved_up(client: SpApiClient) -> None:
    [page] = client.get_orders_created([MARKETPLACE], NOW - timedelta(days=1000), NOW - timedelta(days=1))
    after = page.params["CreatedAfter"]
    assert after.startswith(str((NOW - timedelta(days=730)).date())) and page.status == 200


def test_paced_client_meets_few_429s_where_an_unpaced_one_meets_many() -> None:
    scale = 600.0  # getOrders' plan, 0.0167/s burst 20, runs at 10/s
    with running_simulator(NOW, rate_scale=scale) as url:
        control = SimulatorControl(url)
        register(control)
        paced = fast_client(url, pacing_scale=scale, max_attempts=10)
        for _ in range(35):
            list(paced.get_orders([MARKETPLACE], HOUR_AGO))
        paced_429 = control.calls()["getOrders"] - 35
    with running_simulator(NOW, rate_scale=scale) as url:
        control = SimulatorControl(url)
        register(control)
        unpaced = fast_client(url, max_attempts=30)
        for _ in range(35):
            list(unpaced.get_orders([MARKETPLACE], HOUR_AGO))
        unpaced_429 = control.calls()["getOrders"] - 35
    assert paced_429 <= 3
    assert unpaced_429 >= 5
