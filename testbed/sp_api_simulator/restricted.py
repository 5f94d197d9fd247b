"""Restricted data: what the Orders API withholds unless the call carries a Restricted Data Token.

The fields are those the model's notes name as restricted (Order.BuyerInfo, Order.ShippingAddress,
OrderItem.BuyerInfo); the data elements are the Tokens API's (`buyerInfo`, `shippingAddress`).
"""

from __future__ import annotations

import copy
from typing import Any

DATA_ELEMENTS = ("buyerInfo", "shippingAddress", "buyerTaxInformation")
# The restricted operations of the Orders API and the resource path an RDT names for each.
RESTRICTED_OPERATIONS = {
    "getOrders": "/orders/v0/orders",
    "getOrder": "/orders/v0/orders/{orderId}",
    "getOrderItems": "/orders/v0/orders/{orderId}/orderItems",
}
BUYER_FIELDS = ("BuyerEmail", "BuyerName", "BuyerCounty", "BuyerTaxInfo", "PurchaseOrderNumber")
ADDRESS_FIELDS = (
    "Name",
    "CompanyName",
    "AddressLine1",
    "AddressLine2",
    "AddressLine3",
    "Phone",
    "AddressType",
    "ExtendedFields",
)


def order_view(order: dict[str, Any], elements: frozenset[str]) -> dict[str, Any]:
    """The order as a caller holding these data elements sees it."""
    if {"buyerInfo", "shippingAddress"} <= elements:
        return order
    shown = copy.deepcopy(order)
    if "buyerInfo" not in elements and isinstance(shown.get("BuyerInfo"), dict):
        for name in BUYER_FIELDS:
            shown["BuyerInfo"].pop(name, None)
    if "shippingAddress" not in elements and isinstance(shown.get("ShippingAddress"), dict):
        for name in ADDRESS_FIELDS:
            shown["ShippingAddress"].pop(name, None)
    return shown


def item_view(item: dict[str, Any], elements: frozenset[str]) -> dict[str, Any]:
    if "buyerInfo" in elements or "BuyerInfo" not in item:
        return item
    return {k: v for k, v in item.items() if k != "BuyerInfo"}
