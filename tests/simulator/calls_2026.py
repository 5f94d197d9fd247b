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


# v0's money fields (a "BuyerInfo.X" under the item's BuyerInfo) -> where v2026's item proceeds show each:
# a category, or a category's detailed subtype, with the sign it carries there (what reduces the
# proceeds is negative). The tax on promotion and shipping discounts is one figure, TAX/DISCOUNT.
V0_MONEY_IN_2026 = {
    "ItemPrice": (("ITEM", None), 1),
    "ShippingPrice": (("SHIPPING", None), 1),
    "BuyerInfo.GiftWrapPrice": (("GIFT_WRAP", None), 1),
    "CODFee": (("COD_FEE", None), 1),
    "ItemTax": (("TAX", "ITEM"), 1),
    "ShippingTax": (("TAX", "SHIPPING"), 1),
    "BuyerInfo.GiftWrapTax": (("TAX", "GIFT_WRAP"), 1),
    "PromotionDiscountTax": (("TAX", "DISCOUNT"), -1),
    "ShippingDiscountTax": (("TAX", "DISCOUNT"), -1),
    "PromotionDiscount": (("DISCOUNT", "ITEM"), -1),
    "ShippingDiscount": (("DISCOUNT", "SHIPPING"), -1),
    "CODFeeDiscount": (("DISCOUNT", "COD_FEE"), -1),
}


def v0_amount(item: dict[str, Any], name: str) -> Decimal:
    """A v0 item's money field (BuyerInfo.GiftWrapPrice for one under BuyerInfo); 0 when absent."""
    holder: Any = item
    for part in name.split("."):
        holder = holder.get(part) if isinstance(holder, dict) else None
    return amount(holder) if isinstance(holder, dict) else Decimal()


def money_of_v0_item(item: dict[str, Any]) -> dict[tuple[str, str | None], Decimal]:
    """The v0 item's money as v2026's proceeds should show it: (category, subtype) -> amount, not zero."""
    found: dict[tuple[str, str | None], Decimal] = {}
    for name, (place, sign) in V0_MONEY_IN_2026.items():
        found[place] = found.get(place, Decimal()) + sign * v0_amount(item, name)
    return {place: value for place, value in found.items() if value}


def money_of_2026_item(item: dict[str, Any]) -> dict[tuple[str, str | None], Decimal]:
    """A v2026 item's proceeds as (category, subtype) -> amount; a category with details by its details."""
    found: dict[tuple[str, str | None], Decimal] = {}
    for entry in item["proceeds"]["breakdowns"]:
        details = entry.get("detailedBreakdowns")
        if details:
            assert sum((amount(d["value"]) for d in details), Decimal()) == amount(entry["subtotal"])
            for detail in details:
                found[(entry["type"], detail["subtype"])] = amount(detail["value"])
        else:
            found[(entry["type"], None)] = amount(entry["subtotal"])
    return {place: value for place, value in found.items() if value}
