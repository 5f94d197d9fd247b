"""The client's Orders API v2026-01-01 requests, against the simulator: searchOrders by update and by
purchase time, paging by paginationToken with every other parameter unchanged, the window started again
when Amazon refuses a token (expired after 24 hours, answered with an empty message), the two-minute
clamp, includedData and marketplaceIds checked against the model before anything is sent, getOrder,
pacing and retries by the operation's name, and no Restricted Data Token."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests
from requests.structures import CaseInsensitiveDict

from amazon_orders.pipeline import payload, payload_2026
from amazon_orders.sp_api import ApiPage, SpApiClient, SpApiError
from amazon_orders.sp_api.client import MAX_SEARCH_RESTARTS, CallFailure
from amazon_orders.sp_api.model import usage_plans
from amazon_orders.sp_api.orders_2026 import GET_ORDER, SEARCH_ORDERS, included_data_values
from amazon_orders.sp_api.pacing import Pacer
from sp_api_simulator import SimulatorControl
from sp_api_simulator.sample_orders import sample_order

from .seller_account import CREDENTIALS, MARKETPLACE, NOW, SELLER, add_orders, fast_client

HOUR_AGO = NOW - timedelta(hours=1)
DAY = 24 * 3600
EVERYTHING = included_data_values(SEARCH_ORDERS)
WALK = ["BUYER", "RECIPIENT", "PROCEEDS", "FULFILLMENT", "CANCELLATION"]


def ids(pages: list[ApiPage]) -> list[str]:
    return [o["orderId"] for p in pages for o in p.body["orders"]]


def test_search_orders_follows_the_pagination_token_across_pages(
    client: SpApiClient, control: SimulatorControl
) -> None:
    samples = add_orders(control, 250)
    pages = list(client.search_orders([MARKETPLACE], HOUR_AGO, None, WALK))
    assert [len(p.body["orders"]) for p in pages] == [100, 100, 50]
    assert sorted(ids(pages)) == sorted(s.order_id for s in samples)
    assert {p.operation for p in pages} == {"searchOrders"} and {p.status for p in pages} == {200}
    first = {
        "marketplaceIds": MARKETPLACE,
        "lastUpdatedAfter": "2026-11-20T11:00:00Z",
        "lastUpdatedBefore": "2026-11-20T11:58:00Z",
        "maxResultsPerPage": 100,
        "includedData": "BUYER,RECIPIENT,PROCEEDS,FULFILLMENT,CANCELLATION",
    }
    assert pages[0].params == first
    for before, page in zip(pages, pages[1:], strict=False):  # every other parameter unchanged
        assert page.params == first | {"paginationToken": before.body["pagination"]["nextToken"]}
    assert "pagination" not in pages[-1].body
    assert control.calls()["searchOrders"] == 3
    assert pages[0].body["orders"][0]["buyer"]["buyerName"].startswith("Buyer ")  # BUYER asked, given


def test_search_orders_created_asks_by_purchase_time(client: SpApiClient, control: SimulatorControl) -> None:
    old = sample_order(1, NOW - timedelta(minutes=10), purchase=NOW - timedelta(days=3))
    new = sample_order(2, NOW - timedelta(minutes=10), purchase=NOW - timedelta(hours=2))
    for sample in (old, new):
        control.put_order(SELLER, sample.order, sample.items)
    pages = list(
        client.search_orders_created([MARKETPLACE], NOW - timedelta(days=1), NOW - timedelta(hours=1))
    )
    assert ids(pages) == [new.order_id]
    assert pages[0].params == {
        "marketplaceIds": MARKETPLACE,
        "createdAfter": "2026-11-19T12:00:00Z",
        "createdBefore": "2026-11-20T11:00:00Z",
        "maxResultsPerPage": 100,
    }


def test_a_refused_token_starts_the_window_again_from_its_first_page(
    client: SpApiClient, control: SimulatorControl, caplog: pytest.LogCaptureFixture
) -> None:
    samples = add_orders(control, 250)
    walk = client.search_orders([MARKETPLACE], HOUR_AGO, None, WALK)
    pages = [next(walk)]
    control.advance(DAY + 60)  # the token is older than 24 hours now: Amazon refuses it, saying nothing
    with caplog.at_level(logging.WARNING, logger="amazon_orders.sp_api.client"):
        pages += list(walk)
    assert [len(p.body["orders"]) for p in pages] == [100, 100, 100, 50]
    assert ids(pages[:1]) == ids(pages[1:2])  # the first page again, then the rest
    assert sorted(set(ids(pages))) == sorted(s.order_id for s in samples)
    assert "paginationToken" not in pages[1].params and pages[1].params == pages[0].params
    # 3 pages, the refused token, the first page again, and the call whose access token had expired too
    # (Amazon's clock moved a day: refreshed once, asked again)
    assert (control.calls()["searchOrders"], control.calls()["token"]) == (6, 2)
    [warning] = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert "starts again from its first page" in warning.getMessage()


def test_after_a_few_refused_tokens_the_window_gives_up(
    client: SpApiClient, control: SimulatorControl
) -> None:
    add_orders(control, 150)
    failures: list[CallFailure] = []
    seen: list[ApiPage] = []
    with client.recording_failures(failures.append), pytest.raises(SpApiError) as raised:
        for page in client.search_orders([MARKETPLACE], HOUR_AGO):
            seen.append(page)
            control.advance(DAY + 60)  # every token expires before it is used
    error = raised.value
    assert (error.operation, error.status) == ("searchOrders", 400)
    assert "refused the paginationToken" in error.message and "giving up" in error.message
    assert "lastUpdatedAfter=2026-11-20T11:00:00Z" in str(error)
    tries = MAX_SEARCH_RESTARTS + 1
    assert len(seen) == tries and len({json.dumps(ids([p])) for p in seen}) == 1  # the first page each time
    # each try: the first page, then its token twice (the access token had expired too: refreshed, sent again)
    assert (control.calls()["searchOrders"], control.calls()["token"]) == (3 * tries, 1 + tries)
    assert [(f.operation, f.status, f.final) for f in failures] == [("searchOrders", 400, True)] * tries


def test_before_is_clamped_to_two_minutes_before_amazons_now(
    client: SpApiClient, control: SimulatorControl
) -> None:
    settled, recent = (sample_order(n, NOW - timedelta(minutes=m)) for n, m in ((1, 3), (2, 1)))
    for sample in (settled, recent):  # recent: too fresh for Amazon to list yet
        control.put_order(SELLER, sample.order, sample.items)
    control.advance(1)  # Amazon's clock moves; the client learns it from the first answer
    pages = list(client.search_orders([MARKETPLACE], HOUR_AGO, NOW + timedelta(hours=1)))
    assert pages[0].params["lastUpdatedBefore"] == "2026-11-20T11:58:01Z"
    assert ids(pages) == [settled.order_id]


@pytest.mark.usefixtures("control")
def test_an_earlier_before_is_kept_and_datetimes_are_floored_to_seconds(client: SpApiClient) -> None:
    before = NOW - timedelta(minutes=10, microseconds=500)
    [page] = client.search_orders(
        [MARKETPLACE, "A2EUQ1WTGCTBG2"], HOUR_AGO + timedelta(microseconds=1), before, ["PROCEEDS"]
    )
    assert page.params["lastUpdatedAfter"] == "2026-11-20T11:00:00Z"
    assert page.params["lastUpdatedBefore"] == "2026-11-20T11:49:59Z"
    assert page.params["marketplaceIds"] == f"{MARKETPLACE},A2EUQ1WTGCTBG2"


@pytest.mark.parametrize("after", [NOW - timedelta(minutes=2), NOW, NOW - timedelta(minutes=30)])
def test_an_empty_window_yields_nothing_and_asks_nothing(
    client: SpApiClient, control: SimulatorControl, after: datetime
) -> None:
    assert list(client.search_orders([MARKETPLACE], after, NOW - timedelta(minutes=30))) == []
    assert "searchOrders" not in control.calls()


@pytest.mark.parametrize(
    "included",
    [["BUYER", "ITEMS"], ["buyer"], "BUYER", [None]],
    ids=["unknown", "lower case", "a string", "none"],
)
def test_included_data_outside_the_models_enum_is_refused_before_anything_is_sent(
    client: SpApiClient, control: SimulatorControl, included: Any
) -> None:
    with pytest.raises(ValueError, match="includedData"):
        client.search_orders([MARKETPLACE], HOUR_AGO, None, included)
    with pytest.raises(ValueError, match="includedData"):
        client.search_orders_created([MARKETPLACE], HOUR_AGO, None, included)
    with pytest.raises(ValueError, match="includedData"):
        client.get_order_2026("114-0000000-0000001", included)
    assert control.calls() == {}  # not even a token


def test_every_dataset_of_the_model_is_taken(client: SpApiClient, control: SimulatorControl) -> None:
    [sample] = add_orders(control, 1)
    [page] = client.search_orders([MARKETPLACE], HOUR_AGO, None, [*EVERYTHING, "BUYER"])
    assert page.params["includedData"] == ",".join(EVERYTHING)  # each once, in the model's order
    assert ids([page]) == [sample.order_id]
    assert included_data_values(GET_ORDER) == EVERYTHING


def test_more_than_fifty_marketplaces_are_refused(client: SpApiClient, control: SimulatorControl) -> None:
    fifty = [MARKETPLACE, *(f"A{n:012d}" for n in range(49))]
    with pytest.raises(ValueError, match="at most 50 marketplaceIds a call, 51 given: split them"):
        client.search_orders([*fifty, "A2EUQ1WTGCTBG2"], HOUR_AGO)
    with pytest.raises(ValueError, match="must not be empty"):
        client.search_orders([], HOUR_AGO)
    with pytest.raises(ValueError, match="a list of ids"):
        client.search_orders(MARKETPLACE, HOUR_AGO)
    assert control.calls() == {}
    add_orders(control, 1)
    [page] = client.search_orders(fifty, HOUR_AGO)  # fifty is what one call takes
    assert page.params["marketplaceIds"].count(",") == 49 and len(page.body["orders"]) == 1


def test_naive_datetimes_are_refused(client: SpApiClient) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        client.search_orders([MARKETPLACE], datetime(2026, 11, 20, 11))
    with pytest.raises(ValueError, match="timezone-aware"):
        client.search_orders_created([MARKETPLACE], HOUR_AGO, datetime(2026, 11, 20, 11))


def test_get_order_2026(client: SpApiClient, control: SimulatorControl) -> None:
    [sample] = add_orders(control, 1, item_quantities=(2, 1))
    page = client.get_order_2026(sample.order_id, ["BUYER", "PROCEEDS"])
    assert (page.operation, page.status) == ("getOrder.2026-01-01", 200)
    assert page.params == {"orderId": sample.order_id, "includedData": "BUYER,PROCEEDS"}
    order = page.body["order"]
    assert order["orderId"] == sample.order_id and len(order["orderItems"]) == 2
    assert "buyer" in order and "proceeds" in order and "recipient" not in order
    bare = client.get_order_2026(sample.order_id)
    assert bare.params == {"orderId": sample.order_id} and "buyer" not in bare.body["order"]
    with pytest.raises(SpApiError) as raised:
        client.get_order_2026("114-9999999-9999999")
    assert (raised.value.operation, raised.value.status) == ("getOrder.2026-01-01", 404)
    assert control.calls()["getOrder.2026-01-01"] == 3 and "getOrder" not in control.calls()


def test_no_restricted_data_token_for_v2026(sim_url: str, control: SimulatorControl) -> None:
    [sample] = add_orders(control, 1)
    client = fast_client(sim_url, restricted_data=True)
    [page] = client.search_orders([MARKETPLACE], HOUR_AGO, None, ["BUYER", "RECIPIENT"])
    order = client.get_order_2026(sample.order_id, ["BUYER", "RECIPIENT"]).body["order"]
    assert page.body["orders"][0]["buyer"] == order["buyer"] and order["buyer"]["buyerName"]
    assert (
        order["recipient"]["deliveryAddress"]["addressLine1"]
        == sample.order["ShippingAddress"]["AddressLine1"]
    )
    assert "createRestrictedDataToken" not in control.calls()
    client.get_order(sample.order_id)  # v0 keeps its token
    assert control.calls()["createRestrictedDataToken"] == 1


class RecordingPacer(Pacer):
    def __init__(self) -> None:
        super().__init__(usage_plans(), 0.0)
        self.asked: list[str] = []

    def wait(self, operation: str) -> None:
        self.asked.append(operation)


def test_paced_and_retried_by_the_operations_name(sim_url: str, control: SimulatorControl) -> None:
    [sample] = add_orders(control, 1)
    plans = usage_plans()
    assert (plans["searchOrders"].rate_text, plans["searchOrders"].burst) == ("0.0056", 20)
    assert GET_ORDER in plans and plans[GET_ORDER] is not plans.get("getOrder")
    pacer = RecordingPacer()
    client = fast_client(sim_url, pacer=pacer)
    control.inject_fault("searchOrders", "throttle", count=2)
    control.inject_fault(GET_ORDER, "error503")
    failures: list[CallFailure] = []
    with client.recording_failures(failures.append):
        assert ids(list(client.search_orders([MARKETPLACE], HOUR_AGO))) == [sample.order_id]
        client.get_order_2026(sample.order_id)
    assert [a for a in pacer.asked if a != "token"] == ["searchOrders"] * 3 + [GET_ORDER] * 2
    assert [(f.operation, f.status, f.final) for f in failures] == [
        ("searchOrders", 429, False),
        ("searchOrders", 429, False),
        (GET_ORDER, 503, False),
    ]


def test_both_versions_answers_read_into_the_same_rows(sim_url: str, control: SimulatorControl) -> None:
    """The same orders through v0 (getOrder and getOrderItems under an RDT) and v2026 (getOrder with every
    dataset): every column but the version's own record is the same."""
    samples = add_orders(control, 3, item_quantities=(2, 1))
    client = fast_client(sim_url, restricted_data=True)
    for sample in samples:
        v0 = client.get_order(sample.order_id).body["payload"]
        v0_items = [
            i for p in client.get_order_items(sample.order_id) for i in p.body["payload"]["OrderItems"]
        ]
        v2026 = client.get_order_2026(sample.order_id, EVERYTHING).body["order"]
        assert _shared(payload.order_row(1, v0, True)) == _shared(payload_2026.order_row(1, v2026, True))
        assert [_shared(payload.item_row(sample.order_id, i)) for i in v0_items] == [
            _shared(payload_2026.item_row(sample.order_id, i)) for i in payload_2026.items_of(v2026)
        ]


def _shared(row: dict) -> dict:
    return {k: v for k, v in row.items() if k not in {"payload", "api_version"}}


# --- the restart rule on answers the simulator does not give ---------------------------------


def _answer(status: int, body: Any) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response._content = body if isinstance(body, bytes) else json.dumps(body).encode()
    response.headers = CaseInsensitiveDict(
        {"Date": "Fri, 20 Nov 2026 12:00:00 GMT", "content-type": "application/json"}
    )
    return response


class ScriptedAmazon(requests.Session):
    """LWA answers a token; each Orders call takes the next scripted answer."""

    def __init__(self, answers: list[requests.Response]) -> None:
        super().__init__()
        self.answers = answers
        self.asked: list[dict[str, Any]] = []

    def post(self, _url: str, **_: Any) -> requests.Response:  # type: ignore[override]
        return _answer(200, {"access_token": "Atza|token", "expires_in": 3600})

    def request(self, _method: str, _url: str, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        self.asked.append(dict(kwargs["params"] or {}))
        return self.answers.pop(0)


def _scripted(answers: list[requests.Response]) -> tuple[SpApiClient, ScriptedAmazon]:
    session = ScriptedAmazon(answers)
    client = SpApiClient(
        "https://sellingpartnerapi-na.amazon.com",
        "https://api.amazon.com",
        CREDENTIALS,
        session=session,
        backoff_base=0.001,
        backoff_max=0.001,
    )
    return client, session


def _page(order_ids: list[str], token: str | None = None) -> requests.Response:
    body: dict[str, Any] = {"orders": [{"orderId": i} for i in order_ids]}
    if token:
        body["pagination"] = {"nextToken": token}
    return _answer(200, body)


def test_a_refused_token_answered_with_no_body_at_all_starts_the_window_again() -> None:
    silent = {"errors": [{"code": "InvalidInput", "message": ""}]}
    client, amazon = _scripted(
        [_page(["1"], "t1"), _answer(400, b""), _page(["1"], "t2"), _answer(400, silent), _page(["1"], "t3")]
        + [_page(["2"])]
    )
    pages = list(client.search_orders([MARKETPLACE], datetime(2026, 11, 20, 11, tzinfo=UTC)))
    assert ids(pages) == ["1", "1", "1", "2"]
    assert [a.get("paginationToken") for a in amazon.asked] == [None, "t1", None, "t2", None, "t3"]


def test_a_400_without_a_token_is_amazons_answer_as_it_came() -> None:
    refused = {"errors": [{"code": "InvalidInput", "message": "Invalid Input"}]}
    client, amazon = _scripted([_answer(400, refused)])
    with pytest.raises(SpApiError) as raised:
        list(client.search_orders([MARKETPLACE], datetime(2026, 11, 20, 11, tzinfo=UTC)))
    assert (raised.value.status, raised.value.code, raised.value.message) == (
        400,
        "InvalidInput",
        "Invalid Input",
    )
    assert len(amazon.asked) == 1
