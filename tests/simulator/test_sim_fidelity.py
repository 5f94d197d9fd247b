"""Amazon's harder rules in the simulator: per-seller usage plans, late-visible updates, expiring
NextTokens, two years of history, seller-scoped faults and fault mixes, restricted data, the contract."""

from __future__ import annotations

from datetime import timedelta

import pytest
import requests

from sp_api_simulator import SimulatorControl, running_simulator
from sp_api_simulator.contract import answer_violations, request_violations
from sp_api_simulator.sample_orders import sample_order
from sp_api_simulator.server import ContractViolation

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

HOUR_AGO = iso(NOW - timedelta(hours=1))
RDT_PATH = "/tokens/2021-03-01/restrictedDataToken"


def order_ids(answer: requests.Response) -> list[str]:
    return [o["AmazonOrderId"] for o in answer.json()["payload"]["Orders"]]


def test_usage_plans_are_per_seller_and_operation() -> None:
    with running_simulator(NOW, rate_scale=0.001) as url:
        control = SimulatorControl(url)
        one = caller_for(url, control, SELLER, REFRESH_TOKEN)
        two = caller_for(url, control, "A2SELLERTWO", "Atzr|seller-two")
        assert {one.orders(LastUpdatedAfter=HOUR_AGO).status_code for _ in range(20)} == {200}
        assert_amazon_error(one.orders(LastUpdatedAfter=HOUR_AGO), 429, "QuotaExceeded")
        # A second access token of the same seller shares its bucket; another seller has its own.
        again = caller_for(url, control, SELLER, REFRESH_TOKEN)
        assert again.orders(LastUpdatedAfter=HOUR_AGO).status_code == 429
        assert two.orders(LastUpdatedAfter=HOUR_AGO).status_code == 200
        assert one.get("/orders/v0/orders/unknown/orderItems").status_code == 404  # getOrderItems: own bucket


def test_a_seller_with_its_own_plan_gets_its_rate_in_the_header() -> None:
    with running_simulator(NOW, rate_scale=0.001) as url:
        control = SimulatorControl(url)
        control.add_seller(SELLER, REFRESH_TOKEN, usage_plans={"getOrders": {"rate": 0.0334, "burst": 2}})
        seller = caller_for(url, control, SELLER, REFRESH_TOKEN)
        answers = [seller.orders(LastUpdatedAfter=HOUR_AGO) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert {a.headers["x-amzn-RateLimit-Limit"] for a in answers} == {"0.0334"}


def test_an_update_is_visible_only_after_the_lag(seller: AmazonCaller, control: SimulatorControl) -> None:
    control.settings(visibility_lag_seconds=600)
    sample = add_order(control, 1, minutes_ago=30)  # stamped 30 minutes ago, indexed from now + 10 min
    assert order_ids(seller.orders(LastUpdatedAfter=HOUR_AGO)) == []
    assert seller.get(f"/orders/v0/orders/{sample.order_id}").status_code == 404
    control.advance(600)
    assert order_ids(seller.orders(LastUpdatedAfter=HOUR_AGO)) == [sample.order_id]
    control.set_status(sample.order_id, "Shipped")  # truth changes now, shows 10 minutes later
    after = iso(NOW)
    assert order_ids(seller.orders(LastUpdatedAfter=after)) == []
    assert seller.get(f"/orders/v0/orders/{sample.order_id}").json()["payload"]["OrderStatus"] == "Unshipped"
    control.advance(600)
    assert order_ids(seller.orders(LastUpdatedAfter=after)) == [sample.order_id]
    assert control.orders()[0]["order"]["OrderStatus"] == "Shipped"


def test_next_token_expires(seller: AmazonCaller, control: SimulatorControl) -> None:
    control.settings(next_token_lifetime_seconds=120)
    for n in range(3):
        add_order(control, n, minutes_ago=30)
    first = seller.orders(LastUpdatedAfter=HOUR_AGO, MaxResultsPerPage="1")
    token = first.json()["payload"]["NextToken"]
    control.advance(60)
    second = seller.orders(NextToken=token)
    assert second.status_code == 200
    control.advance(61)  # 121 s after the query started
    assert_amazon_error(
        seller.orders(NextToken=second.json()["payload"]["NextToken"]),
        400,
        "InvalidInput",
        "NextToken has expired",
    )


def test_two_years_of_history_only(seller: AmazonCaller) -> None:
    assert seller.orders(CreatedAfter=iso(NOW - timedelta(days=729))).status_code == 200
    assert_amazon_error(
        seller.orders(CreatedAfter=iso(NOW - timedelta(days=731))), 400, "InvalidInput", "2 years"
    )
    assert_amazon_error(
        seller.orders(LastUpdatedAfter=iso(NOW - timedelta(days=800))), 400, "InvalidInput", "2 years"
    )


def test_faults_can_target_one_seller(sim_url: str, seller: AmazonCaller, control: SimulatorControl) -> None:
    other = caller_for(sim_url, control, "A2SELLERTWO", "Atzr|seller-two")
    control.inject_fault("getOrders", "error503", count=2, seller_id="A2SELLERTWO")
    assert seller.orders(LastUpdatedAfter=HOUR_AGO).status_code == 200
    assert other.orders(LastUpdatedAfter=HOUR_AGO).status_code == 503
    assert seller.orders(LastUpdatedAfter=HOUR_AGO).status_code == 200
    assert other.orders(LastUpdatedAfter=HOUR_AGO).status_code == 503
    assert other.orders(LastUpdatedAfter=HOUR_AGO).status_code == 200


def test_a_fault_mix_hits_about_its_share_and_repeats_with_its_seed(
    seller: AmazonCaller, control: SimulatorControl
) -> None:
    def statuses() -> list[int]:
        control.set_fault_mix({"throttle": 0.3, "error500": 0.05}, operations=["getOrders"], seed=42)
        return [seller.orders(LastUpdatedAfter=HOUR_AGO).status_code for _ in range(200)]

    first = statuses()
    assert 40 <= first.count(429) <= 80 and 2 <= first.count(500) <= 20
    assert first.count(200) == 200 - first.count(429) - first.count(500)
    assert statuses() == first  # the same seed, the same storm
    control.set_fault_mix({})
    assert seller.orders(LastUpdatedAfter=HOUR_AGO).status_code == 200


def test_a_truncated_body_breaks_the_connection(seller: AmazonCaller, control: SimulatorControl) -> None:
    control.inject_fault("getOrders", "truncated")
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        seller.orders(LastUpdatedAfter=HOUR_AGO)
    assert seller.orders(LastUpdatedAfter=HOUR_AGO).status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"shares": {"explode": 0.1}},
        {"shares": {"throttle": 0.8, "error500": 0.3}},
        {"shares": {"throttle": 0.1}, "operations": ["deleteOrders"]},
    ],
)
def test_bad_fault_mixes_are_refused(sim_url: str, body: dict) -> None:
    assert requests.post(f"{sim_url}/_sim/fault_mix", json=body, timeout=5).status_code == 400


def rdt(seller: AmazonCaller, *resources: dict) -> requests.Response:
    return seller.post(RDT_PATH, {"restrictedResources": list(resources)})


def test_buyer_data_needs_a_restricted_data_token(seller: AmazonCaller, control: SimulatorControl) -> None:
    sample = add_order(control, 1, minutes_ago=30)
    plain = seller.orders(LastUpdatedAfter=HOUR_AGO).json()["payload"]["Orders"][0]
    assert plain["BuyerInfo"] == {} and "Name" not in plain["ShippingAddress"]
    answer = rdt(
        seller,
        {"method": "GET", "path": "/orders/v0/orders", "dataElements": ["buyerInfo", "shippingAddress"]},
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["expiresIn"] == 3600
    restricted = AmazonCaller(seller.base_url, answer.json()["restrictedDataToken"])
    full = restricted.orders(LastUpdatedAfter=HOUR_AGO).json()["payload"]["Orders"][0]
    assert full == sample.order
    # The token covers what it names, nothing else.
    assert_amazon_error(restricted.get(f"/orders/v0/orders/{sample.order_id}"), 403, "Unauthorized")
    assert (
        rdt(
            restricted, {"method": "GET", "path": "/orders/v0/orders", "dataElements": ["buyerInfo"]}
        ).status_code
        == 403
    )


def test_an_rdt_for_buyer_info_only_still_withholds_the_address(
    seller: AmazonCaller, control: SimulatorControl
) -> None:
    sample = add_order(control, 1, minutes_ago=30)
    token = rdt(
        seller, {"method": "GET", "path": "/orders/v0/orders/{orderId}", "dataElements": ["buyerInfo"]}
    ).json()["restrictedDataToken"]
    shown = AmazonCaller(seller.base_url, token).get(f"/orders/v0/orders/{sample.order_id}").json()["payload"]
    assert shown["BuyerInfo"] == sample.order["BuyerInfo"]
    assert "AddressLine1" not in shown["ShippingAddress"]


@pytest.mark.parametrize(
    ("resource", "words"),
    [
        ({"method": "GET", "path": "/orders/v0/orders", "dataElements": ["shoeSize"]}, "dataElements"),
        ({"method": "GET", "path": "/orders/v0/orders"}, "dataElements"),
        ({"method": "POST", "path": "/orders/v0/orders", "dataElements": ["buyerInfo"]}, "not a restricted"),
        ({"method": "GET", "path": "/catalog/items", "dataElements": ["buyerInfo"]}, "not a restricted"),
        ({"path": "/orders/v0/orders"}, "method"),
    ],
)
def test_bad_rdt_requests_are_refused(seller: AmazonCaller, resource: dict, words: str) -> None:
    assert_amazon_error(rdt(seller, resource), 400, "InvalidInput", words)


def test_the_contract_check_has_teeth() -> None:
    assert request_violations("getOrders", [("MarketplaceIds", "A")], b"") == []
    assert request_violations("getOrders", [("LastUpdatedAfter", "x")], b"")  # MarketplaceIds missing
    assert request_violations("getOrders", [("MarketplaceIds", "A"), ("Unknown", "1")], b"")
    assert request_violations("getOrders", [("MarketplaceIds", ",".join(["A"] * 51))], b"")  # maxItems 50
    assert request_violations("confirmShipment", [], b'{"marketplaceId": "A"}')  # packageDetail missing
    ok = b'{"payload": {"Orders": []}}'
    assert (
        answer_violations("getOrders", 200, ok, {"x-amzn-ratelimit-limit": "1", "x-amzn-requestid": "r"})
        == []
    )
    assert answer_violations("getOrders", 200, ok, {})  # declared headers missing
    assert answer_violations(
        "getOrders",
        200,
        b'{"payload": {"Orders": [{"AmazonOrderId": 1}]}}',
        {"x-amzn-ratelimit-limit": "1", "x-amzn-requestid": "r"},
    )
    assert answer_violations("getOrders", 418, b"{}", {})  # a status the model does not define


def test_traffic_the_model_forbids_fails_the_simulator_block() -> None:
    with pytest.raises(ContractViolation, match="OrderTotal"), running_simulator(NOW) as url:
        control = SimulatorControl(url)
        seller = caller_for(url, control, SELLER, REFRESH_TOKEN)
        sample = add_order(control, 1, minutes_ago=30)
        broken = sample.order | {"OrderTotal": "12.50"}  # a Money object in the model
        control.put_order(SELLER, broken, sample.items)
        assert seller.get(f"/orders/v0/orders/{sample.order_id}").status_code == 200
        assert len(control.contract()["violations"]) == 1


def test_well_behaved_traffic_is_counted(seller: AmazonCaller, control: SimulatorControl) -> None:
    add_order(control, 1, minutes_ago=30)
    seller.orders(LastUpdatedAfter=HOUR_AGO)
    seller.orders()  # refused (400) is fine: the answer itself is an ErrorList
    contract = control.contract()
    assert contract == {"checked": 2, "violations": []}


def test_amazon_moves_orders_on_by_itself_when_told_to(
    seller: AmazonCaller, control: SimulatorControl
) -> None:
    pending = sample_order(1, NOW - timedelta(minutes=200), status="Pending", item_quantities=(2,))
    fba = sample_order(2, NOW - timedelta(minutes=20), item_quantities=(1, 3))
    fba.order["FulfillmentChannel"] = "AFN"
    for sample in (pending, fba):
        control.put_order(SELLER, sample.order, sample.items)
    assert control.settings(pending_minutes=30, afn_ship_minutes=45)["pending_minutes"] == 30
    control.advance(
        29 * 60
    )  # 29 minutes after the rules were set (the Pending order waited long before): nothing yet
    listed = seller.orders(LastUpdatedAfter=iso(NOW - timedelta(hours=4))).json()["payload"]["Orders"]
    statuses = {o["AmazonOrderId"]: o["OrderStatus"] for o in listed}
    assert statuses == {pending.order_id: "Pending", fba.order_id: "Unshipped"}
    control.advance(2 * 60)
    moved = seller.get(f"/orders/v0/orders/{pending.order_id}").json()["payload"]
    assert (moved["OrderStatus"], moved["LastUpdateDate"]) == ("Unshipped", iso(NOW + timedelta(minutes=30)))
    control.advance(15 * 60)  # the Amazon-fulfilled order ships 45 minutes after the rule was set
    shipped = seller.get(f"/orders/v0/orders/{fba.order_id}").json()["payload"]
    assert (shipped["OrderStatus"], shipped["LastUpdateDate"]) == (
        "Shipped",
        iso(NOW + timedelta(minutes=45)),
    )
    items = seller.get(f"/orders/v0/orders/{fba.order_id}/orderItems").json()["payload"]["OrderItems"]
    assert [i["QuantityShipped"] for i in items] == [1, 3]
    assert (
        seller.get(f"/orders/v0/orders/{pending.order_id}").json()["payload"]["OrderStatus"] == "Unshipped"
    )  # MFN waits
    control.settings(pending_minutes=0)
    assert control.settings()["pending_minutes"] == 0
