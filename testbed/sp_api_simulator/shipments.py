"""confirmShipment: validate a ConfirmShipmentRequest against the order and apply it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import jsonschema

from amazon_orders.sp_api.model import definition_schema
from amazon_orders.sp_api.model.timestamps import format_amazon_time, parse_amazon_time

from .errors import invalid_input
from .store import StoredOrder

_REQUEST_VALIDATOR = jsonschema.Draft4Validator(definition_schema("ConfirmShipmentRequest"))


@dataclass(frozen=True)
class Confirmation:
    order_id: str
    seller_id: str
    received_at: datetime
    body: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {
            "order_id": self.order_id,
            "seller_id": self.seller_id,
            "received_at": format_amazon_time(self.received_at),
            "body": self.body,
        }


class ShipmentLog:
    def __init__(self) -> None:
        self.confirmations: list[Confirmation] = []

    def confirm(self, stored: StoredOrder, body: Any, now: datetime) -> bool:
        """Apply a confirmation to the order's truth; False when it repeats one already applied."""
        _check_request(body)
        if self._is_repeat(stored.order_id, body):
            return False  # a retried request after a lost answer: already applied
        quantities = _quantities(stored, body)
        _ship(stored, quantities, now)
        self.confirmations.append(Confirmation(stored.order_id, stored.seller_id, now, body))
        return True

    def _is_repeat(self, order_id: str, body: dict[str, Any]) -> bool:
        """The same package confirmed again: a no-op if identical, an error if different."""
        package = body["packageDetail"]["packageReferenceId"]
        for earlier in self.confirmations:
            if (
                earlier.order_id == order_id
                and earlier.body["packageDetail"]["packageReferenceId"] == package
            ):
                if earlier.body != body:
                    raise invalid_input(
                        f"Package {package} of order {order_id} was already confirmed differently."
                    )
                return True
        return False


def _check_request(body: Any) -> None:
    error = jsonschema.exceptions.best_match(_REQUEST_VALIDATOR.iter_errors(body))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "body"
        raise invalid_input(f"Invalid ConfirmShipmentRequest at {where}: {error.message}")
    try:
        parse_amazon_time(body["packageDetail"]["shipDate"])
    except ValueError:
        raise invalid_input("packageDetail.shipDate is not an ISO 8601 date-time.") from None


def _quantities(stored: StoredOrder, body: dict[str, Any]) -> Counter[str]:
    order = stored.order
    if order["OrderStatus"] == "Canceled":
        raise invalid_input(f"Order {stored.order_id} is Canceled and cannot be shipped.")
    if order["OrderStatus"] == "Shipped":
        raise invalid_input(f"Order {stored.order_id} is already fully Shipped.")
    if body["marketplaceId"] != order.get("MarketplaceId"):
        raise invalid_input(
            f"Order {stored.order_id} does not belong to marketplace {body['marketplaceId']}."
        )
    quantities: Counter[str] = Counter()
    for line in body["packageDetail"]["orderItems"]:
        quantities[line["orderItemId"]] += line["quantity"]
    for item_id, quantity in quantities.items():
        item = stored.item(item_id)
        if item is None:
            raise invalid_input(f"Order {stored.order_id} has no order item {item_id}.")
        unshipped = item["QuantityOrdered"] - item.get("QuantityShipped", 0)
        if not 1 <= quantity <= unshipped:
            raise invalid_input(
                f"Quantity {quantity} of order item {item_id} is not within 1..{unshipped} (unshipped)."
            )
    return quantities


def _ship(stored: StoredOrder, quantities: Counter[str], now: datetime) -> None:
    for item_id, quantity in quantities.items():
        item = stored.item(item_id)
        assert item is not None
        item["QuantityShipped"] = item.get("QuantityShipped", 0) + quantity
    shipped = sum(quantities.values())
    order = stored.order
    order["NumberOfItemsShipped"] = order.get("NumberOfItemsShipped", 0) + shipped
    if "NumberOfItemsUnshipped" in order:
        order["NumberOfItemsUnshipped"] = max(0, order["NumberOfItemsUnshipped"] - shipped)
    complete = all(i.get("QuantityShipped", 0) >= i["QuantityOrdered"] for i in stored.items)
    order["OrderStatus"] = "Shipped" if complete else "PartiallyShipped"
    order["LastUpdateDate"] = format_amazon_time(now)
