"""Orders as the sellers' Amazon accounts hold them, stored verbatim as Order/OrderItem objects.

Every change is also kept as a snapshot that becomes visible to the Orders API only `lag` after it
happened (Amazon's search index lags behind its truth); with no lag a change is visible at once.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from amazon_orders.sp_api.model import order_statuses, orders_model
from amazon_orders.sp_api.model.timestamps import format_amazon_time, parse_amazon_time

from .errors import invalid_input, not_found
from .notifier import BUYER_REQUESTED_CANCEL, BUYER_REQUESTED_CHANGE, STATUS_CHANGE, buyer_asked_to_cancel
from .order_queries import OrdersQuery


@dataclass
class ItemCancellation:
    """What Amazon canceled of one line (item_cancellations.py): units so far, the line as placed."""

    quantity: int
    placed: dict[str, Any]  # the OrderItem before its first cancellation
    cancelled_by: str  # the model's ItemCancellationExecution.cancelledBy: BUYER, MERCHANT, AMAZON
    reason: str | None = None


@dataclass
class Snapshot:
    visible_at: datetime
    order: dict[str, Any]
    items: list[dict[str, Any]]
    cancellations: dict[str, ItemCancellation]
    placed_total: Any


@dataclass
class StoredOrder:
    seller_id: str
    order: dict[str, Any]
    items: list[dict[str, Any]]
    # what the API shows, oldest first; the truth is order/items (and their cancellations)
    snapshots: list[Snapshot] = field(default_factory=list)
    # by OrderItemId: what Amazon canceled of the line; placed_total: the OrderTotal as placed
    cancellations: dict[str, ItemCancellation] = field(default_factory=dict)
    placed_total: Any = None

    def snapshot(self, visible_at: datetime) -> None:
        copied = copy.deepcopy((self.order, self.items, self.cancellations, self.placed_total))
        self.snapshots.append(Snapshot(visible_at, *copied))

    def view(self, now: datetime) -> StoredOrder | None:
        """The order as the API shows it at `now`: its latest visible snapshot (None: not visible yet)."""
        for shot in reversed(self.snapshots):
            if shot.visible_at <= now:
                return StoredOrder(
                    self.seller_id,
                    shot.order,
                    shot.items,
                    cancellations=shot.cancellations,
                    placed_total=shot.placed_total,
                )
        return None

    @property
    def order_id(self) -> str:
        return self.order["AmazonOrderId"]

    def moment(self, field: str) -> datetime:
        return parse_amazon_time(self.order[field])

    def item(self, order_item_id: str) -> dict[str, Any] | None:
        return next((i for i in self.items if i["OrderItemId"] == order_item_id), None)


# Told of every change: (the order, OrderChangeType, ChangeReason) - the notifier (notifier.py).
ChangeListener = Callable[[StoredOrder, str, str], None]


class OrderStore:
    def __init__(self, lag: timedelta = timedelta(0)) -> None:
        self._orders: dict[str, StoredOrder] = {}
        self.lag = lag  # how long a change takes to show in the Orders API
        self.listener: ChangeListener | None = None

    def _tell(self, stored: StoredOrder, kind: str, reason: str) -> None:
        if self.listener is not None:
            self.listener(stored, kind, reason)

    def upsert(
        self, seller_id: str, order: dict[str, Any], items: list[dict[str, Any]], now: datetime
    ) -> StoredOrder:
        _check_order(order)
        for index, item in enumerate(items):
            _check_required(item, "OrderItem", f"items[{index}]")
        earlier = self._orders.get(order["AmazonOrderId"])
        stored = StoredOrder(seller_id, copy.deepcopy(order), copy.deepcopy(items))
        if earlier is not None and earlier.seller_id == seller_id:
            stored.snapshots = earlier.snapshots
        stored.snapshot(now + self.lag)
        self._orders[stored.order_id] = stored
        if earlier is None:
            self._tell(stored, STATUS_CHANGE, "Order created")
        elif buyer_asked_to_cancel(earlier.items, stored.items):
            self._tell(stored, BUYER_REQUESTED_CHANGE, BUYER_REQUESTED_CANCEL)
        else:
            self._tell(stored, STATUS_CHANGE, "Order updated")
        return stored

    def changed(self, stored: StoredOrder, now: datetime) -> None:
        """The truth of an order changed in place (a shipment, a line canceled): the API shows it
        after the lag."""
        stored.snapshot(now + self.lag)
        self._tell(stored, STATUS_CHANGE, "Order changed")

    def changed_at(self, stored: StoredOrder, at: datetime) -> None:
        """The truth changed at `at` (worked out later): shown from the lag after it, never before
        a change already shown."""
        shown = stored.snapshots[-1].visible_at if stored.snapshots else at
        stored.snapshot(max(at + self.lag, shown))
        self._tell(stored, STATUS_CHANGE, f"Order status changed to {stored.order['OrderStatus']}")

    def lookup(self, seller_id: str, order_id: str, now: datetime | None = None) -> StoredOrder | None:
        """The seller's order (as visible at `now`, if given); another seller's is not found."""
        stored = self._orders.get(order_id)
        if stored is None or stored.seller_id != seller_id:
            return None
        return stored if now is None else stored.view(now)

    def get(self, seller_id: str, order_id: str, now: datetime | None = None) -> StoredOrder:
        stored = self.lookup(seller_id, order_id, now)
        if stored is None:
            raise not_found(f"Order {order_id} was not found.")
        return stored

    def find(self, order_id: str) -> StoredOrder:
        if order_id not in self._orders:
            raise not_found(f"Order {order_id} was not found.")
        return self._orders[order_id]

    def all(self) -> Iterable[StoredOrder]:
        return self._orders.values()

    def select(self, seller_id: str, query: OrdersQuery, now: datetime) -> list[StoredOrder]:
        """The seller's orders, as visible at `now`, matching the query, oldest LastUpdateDate first."""
        return self.select_where(seller_id, query.matches, now)

    def select_where(
        self, seller_id: str, matches: Callable[[StoredOrder], bool], now: datetime
    ) -> list[StoredOrder]:
        """The seller's orders, as visible at `now`, that `matches` keeps, oldest LastUpdateDate first
        (one order for both Orders API versions)."""
        visible = (o.view(now) for o in self._orders.values() if o.seller_id == seller_id)
        matching = [o for o in visible if o is not None and matches(o)]
        return sorted(matching, key=lambda o: (o.moment("LastUpdateDate"), o.order_id))

    def set_status(self, order_id: str, status: str, last_update: datetime, now: datetime) -> StoredOrder:
        if status not in order_statuses():
            raise invalid_input(f"status must be one of {', '.join(order_statuses())}, not {status!r}.")
        stored = self.find(order_id)
        stored.order["OrderStatus"] = status
        stored.order["LastUpdateDate"] = format_amazon_time(last_update)
        stored.snapshot(now + self.lag)
        self._tell(stored, STATUS_CHANGE, f"Order status changed to {status}")
        return stored


def _check_order(order: dict[str, Any]) -> None:
    _check_required(order, "Order", "order")
    if order["OrderStatus"] not in order_statuses():
        raise invalid_input(f"order.OrderStatus {order['OrderStatus']!r} is not an OrderStatus of the model.")
    for name in ("LastUpdateDate", "PurchaseDate"):
        try:
            parse_amazon_time(str(order[name]))
        except ValueError:
            raise invalid_input(f"order.{name} is not an ISO 8601 date: {order[name]!r}.") from None


def _check_required(obj: Any, definition: str, where: str) -> None:
    if not isinstance(obj, dict):
        raise invalid_input(f"{where} must be a JSON object.")
    for name in orders_model()["definitions"][definition]["required"]:
        if name not in obj:
            raise invalid_input(f"{where}.{name} is required.")
