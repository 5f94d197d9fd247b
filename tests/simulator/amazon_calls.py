"""How the simulator tests talk to it: as a seller over HTTP, and through the control paths."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import requests

from amazon_orders.sp_api.model import LWA_TOKEN_PATH
from sp_api_simulator import SimulatorControl
from sp_api_simulator.sample_orders import US_MARKETPLACE, SampleOrder, sample_order

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
SELLER = "A1SELLERONE"
REFRESH_TOKEN = "Atzr|seller-one"


@dataclass
class AmazonCaller:
    """Calls the Orders API as one seller, with that seller's access token."""

    base_url: str
    access_token: str

    def get(self, path: str, params: Any = None) -> requests.Response:
        headers = {"x-amz-access-token": self.access_token}
        return requests.get(self.base_url + path, params=params, headers=headers, timeout=10)

    def post(self, path: str, body: Any) -> requests.Response:
        headers = {"x-amz-access-token": self.access_token}
        return requests.post(self.base_url + path, json=body, headers=headers, timeout=10)

    def orders(self, **params: Any) -> requests.Response:
        return self.get("/orders/v0/orders", {"MarketplaceIds": US_MARKETPLACE} | params)


def exchange(base_url: str, refresh_token: str, **extra: str) -> requests.Response:
    form = {"grant_type": "refresh_token", "refresh_token": refresh_token} | extra
    return requests.post(base_url + LWA_TOKEN_PATH, data=form, timeout=10)


def caller_for(base_url: str, control: SimulatorControl, seller_id: str, refresh_token: str) -> AmazonCaller:
    control.add_seller(seller_id, refresh_token)
    answer = exchange(base_url, refresh_token)
    assert answer.status_code == 200, answer.text
    return AmazonCaller(base_url, answer.json()["access_token"])


def add_order(
    control: SimulatorControl, number: int, minutes_ago: float, seller_id: str = SELLER, **kw: Any
) -> SampleOrder:
    sample = sample_order(number, NOW - timedelta(minutes=minutes_ago), **kw)
    control.put_order(seller_id, sample.order, sample.items)
    return sample


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def assert_amazon_error(answer: requests.Response, status: int, code: str, words: str = "") -> None:
    assert answer.status_code == status, answer.text
    errors = answer.json()["errors"]
    assert errors[0]["code"] == code
    assert errors[0]["details"] == ""
    assert words.lower() in errors[0]["message"].lower()
