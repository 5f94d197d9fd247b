"""Amazon canceling part of an order: `quantity` units of one line (the /_sim/ control, a scenario's
`amazon_cancel_item` step). The store keeps v0's truth, what remains; each version shows it its way:

- v0 shows what remains: the line's QuantityOrdered lowered by the quantity, its money (ItemPrice, taxes,
  shipping, discounts, gift wrap, COD fee) scaled to the units that remain, each amount worked out from
  the line as placed to its own precision (half up), and the OrderTotal lowered by what the line no
  longer charges (the marketplace's rule: sample_orders.order_total), so the order still adds up.
  NumberOfItemsUnshipped goes down too.
- v2026 shows the order as placed (quantityOrdered, unit price, proceeds, grandTotal, the payment's
  amount) and what was canceled: the item's fulfillment counts leave the canceled units out
  (quantityFulfilled + quantityUnfulfilled = quantityOrdered - canceled) and its
  cancellation.cancellationExecution says who canceled (cancelledBy: the model's BUYER, MERCHANT or
  AMAZON) and why (cancelReason). Amazon does not document what v2026's proceeds show after a
  cancellation; here they stay the money of the order as placed, so quantityOrdered and the line's
  money agree (docs/cancellations.md).

Only units not shipped can be canceled. An order whose every line is canceled becomes Canceled; one whose
every remaining unit has shipped becomes Shipped. LastUpdateDate moves to now (a sync picks it up).
"""

from __future__ import annotations

import copy
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from typing import Any

from amazon_orders.sp_api.model import orders_2026_model
from amazon_orders.sp_api.model.timestamps import format_amazon_time

from .errors import invalid_input, not_found
from .orders_2026 import possible_values
from .sample_orders import ADDED_EXCLUDING_TAX, TAKEN_EXCLUDING_TAX, order_total
from .store import ItemCancellation, StoredOrder

# Every money field of an OrderItem ("BuyerInfo.X": under the item's BuyerInfo).
MONEY_FIELDS = ADDED_EXCLUDING_TAX + TAKEN_EXCLUDING_TAX
AMAZON = "AMAZON"


@cache
def cancelled_by_values() -> tuple[str, ...]:
    """Who may execute a cancellation, as the model lists them (BUYER, MERCHANT, AMAZON)."""
    spec = orders_2026_model()["definitions"]["ItemCancellationExecution"]["properties"]["cancelledBy"]
    return possible_values(spec["description"])


def cancel_item(
    stored: StoredOrder,
    order_item_id: str,
    quantity: Any,
    now: Any,
    cancelled_by: str = AMAZON,
    reason: str | None = None,
) -> None:
    """Cancel `quantity` unshipped units of the line in the order's truth (module docstring); 400/404
    as Amazon would refuse: an unknown line, a quantity outside 1..unshipped, a Canceled order."""
    order = stored.order
    item = stored.item(order_item_id)
    if item is None:
        raise not_found(f"Order {stored.order_id} has no order item {order_item_id}.")
    if order["OrderStatus"] == "Canceled":
        raise invalid_input(f"Order {stored.order_id} is Canceled already.")
    if cancelled_by not in cancelled_by_values():
        raise invalid_input(f"cancelled_by must be one of {', '.join(cancelled_by_values())}.")
    unshipped = item["QuantityOrdered"] - (item.get("QuantityShipped") or 0)
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= unshipped:
        raise invalid_input(
            f"quantity {quantity!r} of order item {order_item_id} is not within 1..{unshipped} (unshipped)."
        )
    earlier = stored.cancellations.get(order_item_id)
    placed = earlier.placed if earlier else copy.deepcopy(item)
    if not stored.cancellations:
        stored.placed_total = copy.deepcopy(order.get("OrderTotal"))
    canceled = quantity + (earlier.quantity if earlier else 0)
    before = copy.deepcopy(item)
    _scale(item, placed, placed["QuantityOrdered"] - canceled)
    _lower_total(order, before, item)
    stored.cancellations[order_item_id] = ItemCancellation(canceled, placed, cancelled_by, reason)
    if isinstance(order.get("NumberOfItemsUnshipped"), int):
        order["NumberOfItemsUnshipped"] = max(0, order["NumberOfItemsUnshipped"] - quantity)
    _settle_status(stored)
    order["LastUpdateDate"] = format_amazon_time(now)


def _scale(item: dict[str, Any], placed: dict[str, Any], remaining: int) -> None:
    """The line as v0 shows it with `remaining` of its placed units: quantity and money."""
    item["QuantityOrdered"] = remaining
    for name in MONEY_FIELDS:
        placed_money = _money_at(placed, name)
        holder, key = _holder(item, name)
        if placed_money is None or holder is None:
            continue
        amount = _decimal(placed_money.get("Amount"))
        if amount is None:
            continue
        exponent = amount.as_tuple().exponent
        step = Decimal(1).scaleb(exponent if isinstance(exponent, int) else -2)
        scaled = (amount * remaining / placed["QuantityOrdered"]).quantize(step, rounding=ROUND_HALF_UP)
        holder[key] = {**holder[key], "Amount": format(scaled, "f")}


def _lower_total(order: dict[str, Any], before: dict[str, Any], after: dict[str, Any]) -> None:
    total = order.get("OrderTotal")
    amount = _decimal(total.get("Amount")) if isinstance(total, dict) else None
    if amount is None:
        return
    marketplace = str(order.get("MarketplaceId"))
    taken = order_total([before], marketplace) - order_total([after], marketplace)
    exponent = amount.as_tuple().exponent
    step = Decimal(1).scaleb(exponent if isinstance(exponent, int) else -2)
    order["OrderTotal"] = {**total, "Amount": format((amount - taken).quantize(step), "f")}


def _settle_status(stored: StoredOrder) -> None:
    order, items = stored.order, stored.items
    if all(i["QuantityOrdered"] == 0 for i in items):
        order["OrderStatus"] = "Canceled"
    elif any(i.get("QuantityShipped") for i in items) and all(
        (i.get("QuantityShipped") or 0) >= i["QuantityOrdered"] for i in items
    ):
        order["OrderStatus"] = "Shipped"


def as_placed(stored: StoredOrder) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The order and items with the quantities and money as placed (what v2026 shows), the shipped
    quantities as they are now."""
    if not stored.cancellations:
        return stored.order, stored.items
    order = {**stored.order}
    if stored.placed_total is not None:
        order["OrderTotal"] = stored.placed_total
    items = []
    for item in stored.items:
        cancellation = stored.cancellations.get(item["OrderItemId"])
        if cancellation is None:
            items.append(item)
            continue
        shown = {**item, "QuantityOrdered": cancellation.placed["QuantityOrdered"]}
        for name in MONEY_FIELDS:
            top = name.split(".")[0]
            if top in cancellation.placed:
                shown[top] = cancellation.placed[top]
        items.append(shown)
    return order, items


def _money_at(item: dict[str, Any], name: str) -> dict[str, Any] | None:
    holder, key = _holder(item, name)
    value = holder.get(key) if holder is not None else None
    return value if isinstance(value, dict) else None


def _holder(item: dict[str, Any], name: str) -> tuple[dict[str, Any] | None, str]:
    """The dict holding field `name` ("BuyerInfo.GiftWrapPrice": the item's BuyerInfo) and its key."""
    *path, key = name.split(".")
    holder: Any = item
    for part in path:
        holder = holder.get(part) if isinstance(holder, dict) else None
    return (holder if isinstance(holder, dict) and isinstance(holder.get(key), dict) else None), key


def _decimal(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None
