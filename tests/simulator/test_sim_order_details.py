from __future__ import annotations

from datetime import timedelta

import pytest
import requests

from sp_api_simulator import SimulatorControl, running_simulator
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


def test_get_order_answers_the_order_verbatim_but_restricted_data(
    seller: AmazonCaller, control: SimulatorControl
) -> None:
    sample = add_order(control, 1, minutes_ago=30)
    answer = seller.get(f"/orders/v0/orders/{sample.order_id}")
    assert answer.status_code == 200
    shown = answer.json()["payload"]
    assert shown["BuyerInfo"] == {}  # name and email need a Restricted Data Token
    assert shown["ShippingAddress"] == {
        "City": "Seattle",
        "StateOrRegion": "WA",
        "PostalCode": "98101",
        "CountryCode": "US",
    }
    withheld = ("BuyerInfo", "ShippingAddress")
    assert {k: v for k, v in shown.items() if k not in withheld} == {
        k: v for k, v in sample.order.items() if k not in withheld
    }


def test_unknown_order_is_not_found(seller: AmazonCaller) -> None:
    assert_amazon_error(
        seller.get("/orders/v0/orders/114-9999999-9999999"), 404, "NotFound", "114-9999999-9999999"
    )
    assert_amazon_error(seller.get("/orders/v0/orders/114-9999999-9999999/orderItems"), 404, "NotFound")


def item_pages(seller: AmazonCaller, order_id: str) -> list[dict]:
    path = f"/orders/v0/orders/{order_id}/orderItems"
    pages = [seller.get(path).json()["payload"]]
    while "NextToken" in pages[-1]:
        pages.append(seller.get(path, {"NextToken": pages[-1]["NextToken"]}).json()["payload"])
    return pages


def test_order_items_page_twenty_at_a_time(seller: AmazonCaller, control: SimulatorControl) -> None:
    sample = add_order(control, 1, minutes_ago=30, item_quantities=(1,) * 25)
    pages = item_pages(seller, sample.order_id)
    assert [len(p["OrderItems"]) for p in pages] == [20, 5]
    assert {p["AmazonOrderId"] for p in pages} == {sample.order_id}
    assert [i for p in pages for i in p["OrderItems"]] == sample.items


def test_items_page_size_is_configurable() -> None:
    with running_simulator(NOW, items_page_size=2) as url:
        control = SimulatorControl(url)
        seller = caller_for(url, control, SELLER, REFRESH_TOKEN)
        sample = add_order(control, 1, minutes_ago=30, item_quantities=(1, 2, 3, 4, 5))
        pages = item_pages(seller, sample.order_id)
    assert [len(p["OrderItems"]) for p in pages] == [2, 2, 1]


def test_status_change_stamps_the_simulated_now(seller: AmazonCaller, control: SimulatorControl) -> None:
    sample = add_order(control, 1, minutes_ago=60)
    control.advance(600)
    changed = control.set_status(sample.order_id, "Canceled")
    assert changed["OrderStatus"] == "Canceled"
    assert changed["LastUpdateDate"] == iso(NOW + timedelta(minutes=10))
    control.set_status(sample.order_id, "Canceled", last_update=NOW - timedelta(minutes=5))
    answer = seller.orders(LastUpdatedAfter=iso(NOW - timedelta(minutes=6)))
    assert [o["OrderStatus"] for o in answer.json()["payload"]["Orders"]] == ["Canceled"]
    assert answer.json()["payload"]["Orders"][0]["LastUpdateDate"] == iso(NOW - timedelta(minutes=5))


def test_status_must_be_one_of_the_model(sim_url: str, control: SimulatorControl) -> None:
    control.add_seller(SELLER, REFRESH_TOKEN)
    sample = add_order(control, 1, minutes_ago=60)
    answer = requests.post(
        f"{sim_url}/_sim/orders/{sample.order_id}/status", json={"status": "Lost"}, timeout=5
    )
    assert_amazon_error(answer, 400, "InvalidInput", "Unshipped")
    unknown = requests.post(f"{sim_url}/_sim/orders/nope/status", json={"status": "Shipped"}, timeout=5)
    assert unknown.status_code == 404


@pytest.mark.parametrize("field", ["AmazonOrderId", "LastUpdateDate", "PurchaseDate", "OrderStatus"])
def test_upsert_names_a_missing_required_field(sim_url: str, control: SimulatorControl, field: str) -> None:
    control.add_seller(SELLER, REFRESH_TOKEN)
    sample = sample_order(1, NOW)
    order = {k: v for k, v in sample.order.items() if k != field}
    answer = requests.post(f"{sim_url}/_sim/orders", json={"seller_id": SELLER, "order": order}, timeout=5)
    assert_amazon_error(answer, 400, "InvalidInput", f"order.{field}")


def test_upsert_replaces_by_order_id_and_needs_a_known_seller(
    sim_url: str, control: SimulatorControl
) -> None:
    control.add_seller(SELLER, REFRESH_TOKEN)
    first = add_order(control, 1, minutes_ago=60)
    add_order(control, 1, minutes_ago=30, status="Canceled")
    assert [(o["order"]["AmazonOrderId"], o["order"]["OrderStatus"]) for o in control.orders()] == [
        (first.order_id, "Canceled")
    ]
    answer = requests.post(
        f"{sim_url}/_sim/orders", json={"seller_id": "nobody", "order": first.order}, timeout=5
    )
    assert_amazon_error(answer, 400, "InvalidInput", "seller_id")
