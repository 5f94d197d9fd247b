"""How the simulator tests call Orders API v2026-01-01 (searchOrders, getOrder) as a seller."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import jsonschema
import requests

from amazon_orders.sp_api.model import definition_schema, orders_2026_model, orders_model
from sp_api_simulator.sample_orders import US_MARKETPLACE

from .amazon_calls import AmazonCaller

SEARCH = "/orders/2026-01-01/orders"
# Every data set the model's includedData enum holds.
ALL_INCLUDED = (
    "BUYER",
    "RECIPIENT",
    "PROCEEDS",
    "EXPENSE",
    "PROMOTION",
    "CANCELLATION",
    "FULFILLMENT",
    "PACKAGES",
    "TAX",
    "PAYMENT",
    "FULFILLMENT_ORDERS",
)
# v0's OrderStatus -> v2026's fulfillment.fulfillmentStatus, as the brief and Amazon's migration guide map it.
V0_TO_2026 = {
    "Pending": "PENDING",
    "PendingAvailability": "PENDING_AVAILABILITY",
    "Unshipped": "UNSHIPPED",
    "PartiallyShipped": "PARTIALLY_SHIPPED",
    "Shipped": "SHIPPED",
    "Canceled": "CANCELLED",
    "Unfulfillable": "UNFULFILLABLE",
    "InvoiceUnconfirmed": "UNSHIPPED",
}
CHANNEL_TO_2026 = {"MFN": "MERCHANT", "AFN": "AMAZON"}


def search(caller: AmazonCaller, params: Any = None, **named: Any) -> requests.Response:
    """searchOrders; marketplaceIds defaults to the US one (params as a list of pairs keep repeats)."""
    if isinstance(params, list):
        return caller.get(SEARCH, params)
    return caller.get(SEARCH, {"marketplaceIds": US_MARKETPLACE} | (params or {}) | named)


def get_order(caller: AmazonCaller, order_id: str, included: Iterable[str] = ()) -> requests.Response:
    params = {"includedData": ",".join(included)} if included else None
    return caller.get(f"{SEARCH}/{order_id}", params)


def order_ids(answer: requests.Response) -> list[str]:
    assert answer.status_code == 200, answer.text
    return [o["orderId"] for o in answer.json()["orders"]]


def walk(caller: AmazonCaller, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Every page of a search, sending back each nextToken with the same parameters."""
    pages = [search(caller, params).json()]
    while "pagination" in pages[-1]:
        pages.append(
            search(caller, params | {"paginationToken": pages[-1]["pagination"]["nextToken"]}).json()
        )
    return pages


def assert_refused_without_message(answer: requests.Response) -> None:
    """400 InvalidInput with an empty message, as Amazon refuses many page tokens."""
    assert answer.status_code == 400, answer.text
    assert answer.json()["errors"][0]["code"] == "InvalidInput"
    assert answer.json()["errors"][0]["message"] == ""


def validate_2026(instance: Any, definition: str) -> None:
    jsonschema.Draft4Validator(definition_schema(definition, orders_2026_model())).validate(instance)


def validate_v0(instance: Any, definition: str) -> None:
    jsonschema.Draft4Validator(definition_schema(definition, orders_model())).validate(instance)


def amount(money: dict[str, str]) -> Decimal:
    return Decimal(money["amount"] if "amount" in money else money["Amount"])


def breakdowns(proceeds: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {b["type"]: b for b in proceeds["breakdowns"]}
