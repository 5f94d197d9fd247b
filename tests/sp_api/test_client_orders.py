from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from amazon_orders.sp_api import ApiPage, SpApiClient, SpApiError
from sp_api_simulator import SimulatorControl, running_simulator
from sp_api_simulator.sample_orders import sample_order

from .seller_account import MARKETPLACE, NOW, SELLER, add_orders, fast_client, register

HOUR_AGO = NOW - timedelta(hours=1)


def ids(pages: list[ApiPage]) -> list[str]:
    return [o["AmazonOrderId"] for p in pages for o in p.body["payload"]["Orders"]]


def test_get_orders_follows_next_token_across_pages(client: SpApiClient, control: SimulatorControl) -> None:
    samples = add_orders(control, 250)
    pages = list(client.get_orders([MARKETPLACE], HOUR_AGO))
    assert [len(p.body["payload"]["Orders"]) for p in pages] == [100, 100, 50]
    assert sorted(ids(pages)) == sorted(s.order_id for s in samples)
    assert {p.operation for p in pages} == {"getOrders"} and {p.status for p in pages} == {200}
    assert pages[0].params == {
        "MarketplaceIds": MARKETPLACE,
        "LastUpdatedAfter": "2026-11-20T11:00:00Z",
        "LastUpdatedBefore": "2026-11-20T11:58:00Z",
        "MaxResultsPerPage": 100,
    }
    assert pages[1].params == {
        "MarketplaceIds": MARKETPLACE,
        "NextToken": pages[0].body["payload"]["NextToken"],
    }
    assert control.calls()["getOrders"] == 3


def test_before_is_clamped_to_two_minutes_before_amazons_now(
    client: SpApiClient, control: SimulatorControl
) -> None:
    settled, recent = (sample_order(n, NOW - timedelta(minutes=m)) for n, m in ((1, 3), (2, 1)))
    for sample in (settled, recent):  # recent: too fresh for Amazon to list yet
        control.put_order(SELLER, sample.order, sample.items)
    control.advance(1)  # Amazon's clock moves; the client learns it from the first answer
    pages = list(client.get_orders([MARKETPLACE], HOUR_AGO, last_updated_before=NOW + timedelta(hours=1)))
    assert pages[0].params["LastUpdatedBefore"] == "2026-11-20T11:58:01Z"
    assert ids(pages) == [settled.order_id]


@pytest.mark.usefixtures("control")
def test_an_earlier_before_is_kept_and_datetimes_are_floored_to_seconds(client: SpApiClient) -> None:
    before = NOW - timedelta(minutes=10, microseconds=500)
    [page] = client.get_orders([MARKETPLACE, "A2EUQ1WTGCTBG2"], HOUR_AGO + timedelta(microseconds=1), before)
    assert page.params["LastUpdatedAfter"] == "2026-11-20T11:00:00Z"
    assert page.params["LastUpdatedBefore"] == "2026-11-20T11:49:59Z"
    assert page.params["MarketplaceIds"] == f"{MARKETPLACE},A2EUQ1WTGCTBG2"


@pytest.mark.parametrize("after", [NOW - timedelta(minutes=2), NOW, NOW - timedelta(minutes=30)])
def test_an_empty_window_yields_nothing_and_asks_nothing(
    client: SpApiClient, control: SimulatorControl, after: datetime
) -> None:
    assert (
        list(client.get_orders([MARKETPLACE], after, last_updated_before=NOW - timedelta(minutes=30))) == []
    )
    assert "getOrders" not in control.calls()


def test_naive_datetimes_are_refused(client: SpApiClient) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        list(client.get_orders([MARKETPLACE], datetime(2026, 11, 20, 11)))


@pytest.mark.usefixtures("control")
def test_order_and_its_items_across_pages() -> None:
    with running_simulator(NOW, items_page_size=20) as url:
        local = SimulatorControl(url)
        register(local)
        [sample] = add_orders(local, 1, item_quantities=(1,) * 45)
        client = fast_client(url, restricted_data=True)
        order = client.get_order(sample.order_id)
        pages = client.get_order_items(sample.order_id)
    assert order == ApiPage("getOrder", {"orderId": sample.order_id}, 200, {"payload": sample.order})
    assert [len(p.body["payload"]["OrderItems"]) for p in pages] == [20, 20, 5]
    assert [i for p in pages for i in p.body["payload"]["OrderItems"]] == sample.items
    assert pages[0].params == {"orderId": sample.order_id}
    assert pages[1].params == {"orderId": sample.order_id, "NextToken": pages[0].body["payload"]["NextToken"]}


def test_confirm_shipment_answers_an_empty_body(client: SpApiClient, control: SimulatorControl) -> None:
    [sample] = add_orders(control, 1)
    body = {
        "marketplaceId": MARKETPLACE,
        "packageDetail": {
            "packageReferenceId": "1",
            "carrierCode": "UPS",
            "trackingNumber": "1Z999",
            "shipDate": "2026-11-20T11:00:00Z",
            "orderItems": [{"orderItemId": sample.items[0]["OrderItemId"], "quantity": 1}],
        },
    }
    page = client.confirm_shipment(sample.order_id, body)
    assert (page.operation, page.status, page.body) == ("confirmShipment", 204, {})
    assert page.params == {"orderId": sample.order_id, "body": body}
    assert control.orders()[0]["order"]["OrderStatus"] == "Shipped"
    with pytest.raises(SpApiError) as raised:
        client.confirm_shipment(
            sample.order_id, body | {"packageDetail": body["packageDetail"] | {"packageReferenceId": "2"}}
        )
    assert (raised.value.status, raised.value.code) == (400, "InvalidInput")
    assert control.calls()["confirmShipment"] == 2  # a 400 is not retried


def test_amazon_errors_name_operation_status_code_and_message(
    client: SpApiClient, control: SimulatorControl
) -> None:
    with pytest.raises(SpApiError) as raised:
        client.get_order("114-9999999-9999999")
    error = raised.value
    assert (error.operation, error.status, error.code) == ("getOrder", 404, "NotFound")
    assert str(error) == "getOrder failed (HTTP 404): NotFound: Order 114-9999999-9999999 was not found."
    assert control.calls()["getOrder"] == 1


def test_amazon_now_is_the_date_of_the_latest_answer(client: SpApiClient, control: SimulatorControl) -> None:
    assert client.amazon_now() == NOW  # nothing answered yet: the token call tells
    assert control.calls() == {"token": 1}
    assert client.amazon_now().tzinfo is not None
    control.advance(600)
    assert client.amazon_now() == NOW  # not moved by itself
    with pytest.raises(SpApiError):
        client.get_order("unknown")  # errors are dated too
    assert client.amazon_now() == NOW + timedelta(seconds=600)
    assert client.amazon_now().utcoffset() == timedelta(0) and client.amazon_now() != datetime.now(UTC)
