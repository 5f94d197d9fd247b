"""Orders as the sellers' Amazon accounts hold them, stored verbatim as Order/OrderItem objects."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from amazon_orders.sp_api.orders_model import order_statuses, orders_model
from amazon_orders.sp_api.timestamps import format_amazon_time, parse_amazon_time

from .errors import invalid_input, not_found
from .order_queries import OrdersQuery


@dataclass
class StoredOrder:
    seller_id: str
    order: dict[str, Any]
    items: list[dict[str, Any]]

    @property
    def order_id(self) -> str:
        return self.order["AmazonOrderId"]

    def moment(self, field: str) -> datetime:
        return parse_amazon_time(self.order[field])

    def item(self, order_item_id: str) -> dict[str, Any] | None:
        return next((i for i in self.items if i["OrderItemId"] == order_item_id), None)


class OrderStore:
    def __init__(self) -> None:
        self._orders: dict[str, StoredOrder] = {}

    def upsert(self, seller_id: str, order: dict[str, Any], items: list[dict[str, Any]]) -> StoredOrder:
        _check_order(order)
        for index, item in enumerate(items):
            _check_required(item, "OrderItem", f"items[{index}]")
        stored = StoredOrder(seller_id, copy.deepcopy(order), copy.deepcopy(items))
        self._orders[stored.order_id] = stored
        return stored

    def lookup(self, seller_id: str, order_id: str) -> StoredOrder | None:
        """The seller's order; another seller's order is as unknown as a missing one."""
        stored = self._orders.get(order_id)
        return stored if stored is not None and stored.seller_id == seller_id else None

    def get(self, seller_id: str, order_id: str) -> StoredOrder:
        stored = self.lookup(seller_id, order_id)
        if stored is None:
            raise not_found(f"Order {order_id} was not found.")
        return stored

    def find(self, order_id: str) -> StoredOrder:
        if order_id not in self._orders:
            raise not_found(f"Order {order_id} was not found.")
        return self._orders[order_id]

    def all(self) -> Iterable[StoredOrder]:
        return self._orders.values()

    def select(self, seller_id: str, query: OrdersQuery) -> list[StoredOrder]:
        """The seller's orders matching the query, oldest LastUpdateDate first."""
        matching = [o for o in self._orders.values() if o.seller_id == seller_id and query.matches(o)]
        return sorted(matching, key=lambda o: (o.moment("LastUpdateDate"), o.order_id))

    def set_status(self, order_id: str, status: str, last_update: datetime) -> StoredOrder:
        if status not in order_statuses():
            raise invalid_input(f"status must be one of {', '.join(order_statuses())}, not {status!r}.")
        stored = self.find(order_id)
        stored.order["OrderStatus"] = status
        stored.order["LastUpdateDate"] = format_amazon_time(last_update)
        return stored


def _check_order(order: dict[str, Any]) -> None:
    _check_required(order, "Order", "order")
    if order["OrderStatus"] not in order_statuses():
        raise invalid_input(f"order.OrderStatus {order['OrderStatus']!r} is not an OrderStatus of the model.")
    for field in ("LastUpdateDate", "PurchaseDate"):
        try:
            parse_amazon_time(str(order[field]))
        except ValueError:
            raise invalid_input(f"order.{field} is not an ISO 8601 date: {order[field]!r}.") from None


def _check_required(obj: Any, definition: str, where: str) -> None:
    if not isinstance(obj, dict):
        raise invalid_input(f"{where} must be a JSON object.")
    for field in orders_model()["definitions"][definition]["required"]:
        if field not in obj:
            raise invalid_input(f"{where}.{field} is required.")
