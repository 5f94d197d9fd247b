"""Amazon moving orders on by itself, on the simulated clock: a Pending order's payment is
authorized after a while (`Unshipped`), and Amazon ships what it fulfils itself (AFN `Shipped`).

Off unless set (`--pending-minutes`, `--afn-ship-minutes`, or `POST /_sim/settings`): scenarios
and tests script every change with `/_sim/` calls. Changes are worked out when an order is next
looked at, each dated when it happened (and visible after the store's lag from then), and never
before the rule was set: an order pending for hours when it is turned on moves a delay later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from amazon_orders.sp_api.model.timestamps import format_amazon_time

from .store import OrderStore, StoredOrder


def delay(minutes: float) -> timedelta | None:
    """A delay given in minutes; 0 means the change never happens by itself."""
    return timedelta(minutes=minutes) if minutes > 0 else None


@dataclass
class Lifecycle:
    pending: timedelta | None = None  # Pending -> Unshipped this long after the last update
    afn_ship: timedelta | None = None  # Amazon-fulfilled Unshipped -> Shipped this long after
    since: dict[str, datetime] = field(default_factory=dict)  # when each rule was set

    def set(self, rule: str, minutes: float, now: datetime) -> None:
        """Set `rule` (pending, afn_ship) to `minutes` (0: off) from `now` on."""
        setattr(self, rule, delay(minutes))
        self.since[rule] = now

    def advance(self, store: OrderStore, now: datetime) -> None:
        """Every change due by `now`, in the order it happened."""
        if self.pending is None and self.afn_ship is None:
            return
        for stored in store.all():
            while (due := self._next(stored)) is not None and due[0] <= now:
                _move(stored, due[1], due[0])
                store.changed_at(stored, due[0])

    def _next(self, stored: StoredOrder) -> tuple[datetime, str] | None:
        status, last = stored.order["OrderStatus"], stored.moment("LastUpdateDate")
        if status == "Pending" and self.pending is not None:
            return max(last, self.since.get("pending", last)) + self.pending, "Unshipped"
        if (
            status == "Unshipped"
            and stored.order.get("FulfillmentChannel") == "AFN"
            and self.afn_ship is not None
        ):
            return max(last, self.since.get("afn_ship", last)) + self.afn_ship, "Shipped"
        return None


def _move(stored: StoredOrder, status: str, at: datetime) -> None:
    order = stored.order
    order["OrderStatus"], order["LastUpdateDate"] = status, format_amazon_time(at)
    if status == "Shipped":
        for item in stored.items:
            item["QuantityShipped"] = item["QuantityOrdered"]
        order["NumberOfItemsShipped"] = sum(i["QuantityOrdered"] for i in stored.items)
        if "NumberOfItemsUnshipped" in order:
            order["NumberOfItemsUnshipped"] = 0
