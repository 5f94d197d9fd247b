from __future__ import annotations

from datetime import timedelta

import pytest

from sp_api_simulator import SimulatorControl

from .amazon_calls import NOW, SELLER, AmazonCaller, add_order, assert_amazon_error, caller_for, iso


def order_ids(answer: object) -> list[str]:
    return [o["AmazonOrderId"] for o in answer.json()["payload"]["Orders"]]  # type: ignore[attr-defined]


def test_window_includes_after_excludes_before_sorted_by_last_update(
    seller: AmazonCaller, control: SimulatorControl
) -> None:
    after, before = NOW - timedelta(minutes=60), NOW - timedelta(minutes=10)
    too_early = add_order(control, 1, minutes_ago=61)
    at_after = add_order(control, 2, minutes_ago=60)
    last_inside = add_order(control, 3, minutes_ago=10 + 1 / 60)
    middle = add_order(control, 4, minutes_ago=30)
    at_before = add_order(control, 5, minutes_ago=10)
    answer = seller.orders(LastUpdatedAfter=iso(after), LastUpdatedBefore=iso(before))
    assert answer.status_code == 200, answer.text
    assert order_ids(answer) == [at_after.order_id, middle.order_id, last_inside.order_id]
    assert too_early.order_id not in order_ids(answer) and at_before.order_id not in order_ids(answer)
    assert answer.json()["payload"]["LastUpdatedBefore"] == iso(before)
    assert "NextToken" not in answer.json()["payload"]


def test_before_defaults_to_two_minutes_ago(seller: AmazonCaller, control: SimulatorControl) -> None:
    settled = add_order(control, 1, minutes_ago=3)
    add_order(control, 2, minutes_ago=2)
    add_order(control, 3, minutes_ago=1)
    answer = seller.orders(LastUpdatedAfter=iso(NOW - timedelta(hours=1)))
    assert order_ids(answer) == [settled.order_id]
    assert answer.json()["payload"]["LastUpdatedBefore"] == iso(NOW - timedelta(minutes=2))


def test_created_window_filters_on_purchase_date(seller: AmazonCaller, control: SimulatorControl) -> None:
    old_but_updated = add_order(control, 1, minutes_ago=5, purchase=NOW - timedelta(days=3))
    recent = add_order(control, 2, minutes_ago=5, purchase=NOW - timedelta(hours=2))
    answer = seller.orders(CreatedAfter=iso(NOW - timedelta(days=1)))
    assert order_ids(answer) == [recent.order_id]
    assert old_but_updated.order_id not in order_ids(answer)
    assert answer.json()["payload"]["CreatedBefore"] == iso(NOW - timedelta(minutes=2))


def test_marketplaces_accept_commas_or_repeats(seller: AmazonCaller, control: SimulatorControl) -> None:
    us = add_order(control, 1, minutes_ago=30)
    ca = add_order(control, 2, minutes_ago=20, marketplace_id="A2EUQ1WTGCTBG2")
    add_order(control, 3, minutes_ago=10, marketplace_id="A1F83G8C2ARO7P")
    after = iso(NOW - timedelta(hours=1))
    path = "/orders/v0/orders"
    only_us = seller.get(path, {"MarketplaceIds": "ATVPDKIKX0DER", "LastUpdatedAfter": after})
    comma = seller.get(path, {"MarketplaceIds": "ATVPDKIKX0DER,A2EUQ1WTGCTBG2", "LastUpdatedAfter": after})
    repeat = seller.get(
        path,
        [
            ("MarketplaceIds", "ATVPDKIKX0DER"),
            ("MarketplaceIds", "A2EUQ1WTGCTBG2"),
            ("LastUpdatedAfter", after),
        ],
    )
    assert order_ids(only_us) == [us.order_id]
    assert order_ids(comma) == order_ids(repeat) == [us.order_id, ca.order_id]


def test_order_statuses_filter(seller: AmazonCaller, control: SimulatorControl) -> None:
    add_order(control, 1, minutes_ago=30, status="Pending")
    unshipped = add_order(control, 2, minutes_ago=20, status="Unshipped")
    canceled = add_order(control, 3, minutes_ago=10, status="Canceled")
    answer = seller.orders(LastUpdatedAfter=iso(NOW - timedelta(hours=1)), OrderStatuses="Unshipped,Canceled")
    assert order_ids(answer) == [unshipped.order_id, canceled.order_id]


def test_next_token_pages_through_every_order_once(seller: AmazonCaller, control: SimulatorControl) -> None:
    expected = [add_order(control, n, minutes_ago=60 - n).order_id for n in range(7)]
    params = {"LastUpdatedAfter": iso(NOW - timedelta(hours=2)), "MaxResultsPerPage": "3"}
    pages = [seller.orders(**params)]
    while "NextToken" in pages[-1].json()["payload"]:
        pages.append(seller.orders(NextToken=pages[-1].json()["payload"]["NextToken"]))
    assert [len(order_ids(p)) for p in pages] == [3, 3, 1]
    assert [i for p in pages for i in order_ids(p)] == expected
    assert {p.json()["payload"]["LastUpdatedBefore"] for p in pages} == {iso(NOW - timedelta(minutes=2))}


def test_next_token_is_repeatable_and_bound_to_its_seller(
    sim_url: str, seller: AmazonCaller, control: SimulatorControl
) -> None:
    for n in range(3):
        add_order(control, n, minutes_ago=30)
    first = seller.orders(LastUpdatedAfter=iso(NOW - timedelta(hours=1)), MaxResultsPerPage="1")
    token = first.json()["payload"]["NextToken"]
    other = caller_for(sim_url, control, "A2SELLERTWO", "Atzr|seller-two")
    assert_amazon_error(other.orders(NextToken=token), 400, "InvalidInput", "NextToken")
    second = seller.orders(NextToken=token)
    assert second.status_code == 200
    assert seller.orders(NextToken=token).json() == second.json()  # a retried page is the same page
    assert_amazon_error(seller.orders(NextToken="made-up"), 400, "InvalidInput", "NextToken")


def test_sellers_see_only_their_own_orders(
    sim_url: str, seller: AmazonCaller, control: SimulatorControl
) -> None:
    other = caller_for(sim_url, control, "A2SELLERTWO", "Atzr|seller-two")
    mine = add_order(control, 1, minutes_ago=30)
    theirs = add_order(control, 2, minutes_ago=30, seller_id="A2SELLERTWO")
    after = iso(NOW - timedelta(hours=1))
    assert order_ids(seller.orders(LastUpdatedAfter=after)) == [mine.order_id]
    assert order_ids(other.orders(LastUpdatedAfter=after)) == [theirs.order_id]
    assert_amazon_error(other.get(f"/orders/v0/orders/{mine.order_id}"), 404, "NotFound")
    assert_amazon_error(other.get(f"/orders/v0/orders/{mine.order_id}/orderItems"), 404, "NotFound")
    assert {o["seller_id"] for o in control.orders(SELLER)} == {SELLER}


HOUR_AGO = iso(NOW - timedelta(hours=1))
TEN_MIN_AGO = iso(NOW - timedelta(minutes=10))


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"LastUpdatedAfter": HOUR_AGO, "MarketplaceIds": ""}, "MarketplaceIds"),
        ({}, "required"),
        ({"LastUpdatedBefore": TEN_MIN_AGO}, "required"),
        ({"CreatedAfter": HOUR_AGO, "LastUpdatedAfter": HOUR_AGO}, "cannot be combined"),
        ({"CreatedAfter": HOUR_AGO, "LastUpdatedBefore": TEN_MIN_AGO}, "cannot be combined"),
        ({"LastUpdatedAfter": HOUR_AGO, "LastUpdatedBefore": iso(NOW - timedelta(seconds=119))}, "2 minutes"),
        ({"CreatedAfter": HOUR_AGO, "CreatedBefore": iso(NOW)}, "2 minutes"),
        ({"LastUpdatedAfter": TEN_MIN_AGO, "LastUpdatedBefore": TEN_MIN_AGO}, "earlier"),
        ({"LastUpdatedAfter": TEN_MIN_AGO, "LastUpdatedBefore": HOUR_AGO}, "earlier"),
        ({"LastUpdatedAfter": iso(NOW - timedelta(seconds=60))}, "earlier"),
        ({"LastUpdatedAfter": "yesterday"}, "ISO 8601"),
        ({"LastUpdatedAfter": HOUR_AGO, "LastUpdatedBefore": "2026-13-01T00:00:00Z"}, "ISO 8601"),
        ({"LastUpdatedAfter": HOUR_AGO, "MaxResultsPerPage": "0"}, "MaxResultsPerPage"),
        ({"LastUpdatedAfter": HOUR_AGO, "MaxResultsPerPage": "101"}, "MaxResultsPerPage"),
        ({"LastUpdatedAfter": HOUR_AGO, "OrderStatuses": "Lost"}, "OrderStatuses"),
    ],
)
def test_invalid_queries_are_refused_like_amazon(
    seller: AmazonCaller, params: dict[str, str], words: str
) -> None:
    assert_amazon_error(seller.orders(**params), 400, "InvalidInput", words)


def test_the_two_minute_rule_allows_exactly_two_minutes(seller: AmazonCaller) -> None:
    answer = seller.orders(LastUpdatedAfter=HOUR_AGO, LastUpdatedBefore=iso(NOW - timedelta(minutes=2)))
    assert answer.status_code == 200, answer.text
