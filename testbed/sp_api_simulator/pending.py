"""What Amazon withholds while an order's payment is not authorized yet (Pending, PendingAvailability):
no prices, no address and no payment executions (their amounts), in both Orders API versions. The
store keeps the truth; once the order moves on, the same order shows its money and address again.
"""

from __future__ import annotations

from typing import Any

PENDING_STATUSES = frozenset({"Pending", "PendingAvailability"})
ORDER_FIELDS = ("OrderTotal", "ShippingAddress", "PaymentExecutionDetail")
ITEM_MONEY = (
    "ItemPrice",
    "ShippingPrice",
    "ItemTax",
    "ShippingTax",
    "ShippingDiscount",
    "ShippingDiscountTax",
    "PromotionDiscount",
    "PromotionDiscountTax",
    "CODFee",
    "CODFeeDiscount",
)
ITEM_BUYER_MONEY = ("GiftWrapPrice", "GiftWrapTax")  # under OrderItem.BuyerInfo


def is_pending(order: dict[str, Any]) -> bool:
    return order.get("OrderStatus") in PENDING_STATUSES


def pending_order_view(order: dict[str, Any]) -> dict[str, Any]:
    """A v0 Order as the API shows it: without total, address and payment executions while pending."""
    if not is_pending(order):
        return order
    return {k: v for k, v in order.items() if k not in ORDER_FIELDS}


def pending_item_view(item: dict[str, Any], order: dict[str, Any]) -> dict[str, Any]:
    """A v0 OrderItem of `order` as the API shows it: without any price while the order is pending."""
    if not is_pending(order):
        return item
    shown = {k: v for k, v in item.items() if k not in ITEM_MONEY}
    if isinstance(shown.get("BuyerInfo"), dict):
        shown["BuyerInfo"] = {k: v for k, v in shown["BuyerInfo"].items() if k not in ITEM_BUYER_MONEY}
    return shown
