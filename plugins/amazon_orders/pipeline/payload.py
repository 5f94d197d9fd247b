"""Amazon's Order and OrderItem objects read into table rows, leniently.

A value that cannot be read becomes NULL here; the expectation suite then blocks the
order with INVALID_ORDER_DATA naming the field. Nothing is lost: the payload is kept.
"""

from __future__ import annotations

import math
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from psycopg2.extras import Json


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # JSON has no NaN or Infinity; a hostile answer's is kept as text
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_finite(item) for item in value]
    return value


def exact_json(value: Any) -> Json:
    """An answer as Postgres jsonb keeps it: verbatim, but for non-finite numbers."""
    return Json(_finite(value))


def timestamp(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else None


def amount(money: Any) -> Decimal | None:
    if not isinstance(money, dict):
        return None
    try:
        value = Decimal(str(money.get("Amount")))
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() and abs(value) < Decimal("1e15") else None


def currency(money: Any) -> str | None:
    code = money.get("CurrencyCode") if isinstance(money, dict) else None
    return code if isinstance(code, str) else None


def integer(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if -(2**31) < value < 2**31 else None


def text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def order_row(store_id: int, order: dict, buyer_data: bool) -> dict:
    """The order's typed columns; `buyer_data`: it was fetched with the buyer's data (under an RDT)."""
    buyer = order.get("BuyerInfo") if isinstance(order.get("BuyerInfo"), dict) else {}
    return {
        "amazon_order_id": order["AmazonOrderId"],
        "store_id": store_id,
        "purchase_date": timestamp(order.get("PurchaseDate")),
        "last_update_date": timestamp(order.get("LastUpdateDate")),
        "order_status": text(order.get("OrderStatus")),
        "fulfillment_channel": text(order.get("FulfillmentChannel")),
        "marketplace_id": text(order.get("MarketplaceId")),
        "order_total": amount(order.get("OrderTotal")),
        "currency": currency(order.get("OrderTotal")),
        "buyer_name": text(buyer.get("BuyerName")),
        "buyer_email": text(buyer.get("BuyerEmail")),
        "payload": exact_json(order),
        "buyer_data": buyer_data,
    }


def item_row(amazon_order_id: str, item: dict) -> dict:
    cancel = item.get("BuyerRequestedCancel")
    return {
        "amazon_order_id": amazon_order_id,
        "order_item_id": item["OrderItemId"],
        "seller_sku": text(item.get("SellerSKU")),
        "asin": text(item.get("ASIN")),
        "quantity_ordered": integer(item.get("QuantityOrdered")),
        "quantity_shipped": integer(item.get("QuantityShipped")),
        "item_price": amount(item.get("ItemPrice")),
        "currency": currency(item.get("ItemPrice")),
        "buyer_requested_cancel": isinstance(cancel, dict)
        and cancel.get("IsBuyerRequestedCancel") in (True, "true"),
        "payload": exact_json(item),
    }


def has_key(obj: Any, key: str) -> bool:
    """True when obj is an object with a non-empty string under key (the row's identity)."""
    return isinstance(obj, dict) and isinstance(obj.get(key), str) and obj[key] != ""
