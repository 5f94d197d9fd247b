"""Amazon's Order and OrderItem objects (Orders API v0) read into table rows, leniently.

A value that cannot be read becomes NULL here; the expectation suite then blocks the
order with INVALID_ORDER_DATA naming the field. Nothing is lost: the payload is kept.
Orders API v2026-01-01's objects give the same rows (payload_2026.py); the columns both
versions fill are in v2026's words where the versions' words differ (fulfillment_status,
service_level, programs). Migration 013 fills them in SQL the same way for rows stored
before it: a change to one is a change to the other.
"""

from __future__ import annotations

import math
import re
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from psycopg2.extras import Json

from amazon_orders.rules import BUSINESS_PROGRAM, PRIME_PROGRAM, STATUS_FROM_2026
from amazon_orders.sp_api.model import ORDERS_V0, payment_methods

# v0's OrderStatus in v2026's fulfillment status words; InvoiceUnconfirmed has none.
FULFILLMENT_STATUS_OF_V0 = {str(v0): v2026 for v2026, v0 in STATUS_FROM_2026.items()}
# v0's order flags as v2026's program words (the model's Order.programs); the other v0 flags
# (IsGlobalExpressEnabled, IsSoldByAB, IsIBA, IsAccessPointOrder, ...) have no program word.
PROGRAM_OF_V0_FLAG = {
    "IsBusinessOrder": BUSINESS_PROGRAM,
    "IsISPU": "IN_STORE_PICK_UP",
    "IsPremiumOrder": "PREMIUM",
    "IsPrime": PRIME_PROGRAM,
}
# Beside the flags: OrderType Preorder is PREORDER, and EasyShipShipmentStatus is only sent for
# Amazon Easy Ship orders (AMAZON_EASY_SHIP).
PREORDER, EASY_SHIP = "PREORDER", "AMAZON_EASY_SHIP"
# The shipping address's columns and, for each, the v0 Address fields it is read from (the first
# one given).
V0_ADDRESS = {
    "ship_name": ("Name",),
    "ship_address_line1": ("AddressLine1",),
    "ship_address_line2": ("AddressLine2",),
    "ship_address_line3": ("AddressLine3",),
    "ship_city": ("City",),
    "ship_district": ("District", "County"),
    "ship_state": ("StateOrRegion",),
    "ship_postal_code": ("PostalCode",),
    "ship_country": ("CountryCode",),
    "ship_phone": ("Phone",),
}


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


def decimal(value: Any) -> Decimal | None:
    """A money amount as Amazon writes it (a JSON string or number); None if it is not one."""
    if isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() and abs(number) < Decimal("1e15") else None


def amount(money: Any) -> Decimal | None:
    if not isinstance(money, dict):
        return None
    return decimal(money.get("Amount"))


def currency(money: Any) -> str | None:
    code = money.get("CurrencyCode") if isinstance(money, dict) else None
    return code if isinstance(code, str) else None


def integer(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if -(2**31) < value < 2**31 else None


def text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def address_text(value: Any) -> str | None:
    """An address part; empty (or spaces only) is none (v2026 sends "" for parts it lacks)."""
    return value if isinstance(value, str) and value.strip(" ") != "" else None


def is_true(value: Any) -> bool:
    """A flag Amazon sends as a JSON boolean or as the string "true"."""
    return value is True or value == "true"


def shipping_address(address: Any, fields: dict[str, tuple[str, ...]]) -> dict:
    """The ship_* columns of an address object (all None when it is not one)."""
    found = address if isinstance(address, dict) else {}
    return {
        column: next((v for v in (address_text(found.get(k)) for k in keys) if v is not None), None)
        for column, keys in fields.items()
    }


def upper_words(value: Any) -> str | None:
    """v0's CamelCase word in v2026's manner: FreeEconomy -> FREE_ECONOMY (as migration 013 does)."""
    word = text(value)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", word).upper() if word is not None else None


def _v0_programs(order: dict) -> list[str]:
    programs = {word for flag, word in PROGRAM_OF_V0_FLAG.items() if is_true(order.get(flag))}
    if order.get("OrderType") == "Preorder":
        programs.add(PREORDER)
    if isinstance(order.get("EasyShipShipmentStatus"), str) and order["EasyShipShipmentStatus"] != "":
        programs.add(EASY_SHIP)
    return sorted(programs)


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
        "api_version": ORDERS_V0,
        "fulfillment_status": FULFILLMENT_STATUS_OF_V0.get(text(order.get("OrderStatus"))),
        "ship_by_earliest": timestamp(order.get("EarliestShipDate")),
        "ship_by_latest": timestamp(order.get("LatestShipDate")),
        "deliver_by_earliest": timestamp(order.get("EarliestDeliveryDate")),
        "deliver_by_latest": timestamp(order.get("LatestDeliveryDate")),
        # v2026's fulfillmentServiceLevel is the category (STANDARD, NEXT_DAY, ...): v0's
        # ShipmentServiceLevelCategory, not its free-text ShipServiceLevel (kept in the payload).
        "service_level": upper_words(order.get("ShipmentServiceLevelCategory")),
        "programs": _v0_programs(order),
        "replaced_order_id": text(order.get("ReplacedOrderId")),
        **shipping_address(order.get("ShippingAddress"), V0_ADDRESS),
        "payment_methods": order_payment_methods(order),
        "repeated_item_ids": None,  # the items come apart (getOrderItems): with_items() says
    }


def with_items(row: dict, item_ids: list[str]) -> dict:
    """The order row with what its items' answer says of it: the OrderItemIds given twice."""
    return {**row, "repeated_item_ids": repeated(item_ids)}


# The line's money columns and the v0 fields they are read from (gift wrap sits in BuyerInfo).
V0_MONEY = {
    "item_tax": ("ItemTax",),
    "shipping_price": ("ShippingPrice",),
    "shipping_tax": ("ShippingTax",),
    "promotion_discount": ("PromotionDiscount",),
    "promotion_discount_tax": ("PromotionDiscountTax",),
    "shipping_discount": ("ShippingDiscount",),
    "shipping_discount_tax": ("ShippingDiscountTax",),
    "gift_wrap_price": ("BuyerInfo", "GiftWrapPrice"),
    "gift_wrap_tax": ("BuyerInfo", "GiftWrapTax"),
    "cod_fee": ("CODFee",),
    "cod_fee_discount": ("CODFeeDiscount",),
}


def _at(obj: Any, keys: tuple[str, ...]) -> Any:
    for key in keys:
        obj = obj.get(key) if isinstance(obj, dict) else None
    return obj


def texts(values: Any) -> list[str] | None:
    """The distinct non-empty strings of a list, sorted; None when it is not a list."""
    if not isinstance(values, list):
        return None
    return sorted({v for v in values if isinstance(v, str) and v != ""})


def repeated(ids: list[str]) -> list[str] | None:
    """The ids given more than once (an answer that repeats an OrderItemId), or None."""
    seen: set[str] = set()
    twice = sorted({i for i in ids if i in seen or seen.add(i)})
    return twice or None


def order_payment_methods(order: dict) -> list[str] | None:
    """v0's PaymentMethodDetails (what Amazon says to read), else its PaymentMethod, in v2026's words."""
    details = texts(order.get("PaymentMethodDetails"))
    method = address_text(order.get("PaymentMethod"))
    words = details or ([method] if method else [])
    return sorted({payment_methods.in_2026(w) for w in words}) or None


def line_money(item: dict) -> dict[str, Decimal | None]:
    """The line's money columns. Amazon leaves out what is zero: a priced line (one with an
    ItemPrice) has zero of what it does not give; an unpriced one (a pending order's) has none."""
    absent = Decimal(0) if "ItemPrice" in item else None
    return {
        column: absent if _at(item, keys) is None else amount(_at(item, keys))
        for column, keys in V0_MONEY.items()
    }


def item_row(amazon_order_id: str, item: dict) -> dict:
    cancel = item.get("BuyerRequestedCancel")
    collection = item.get("TaxCollection") if isinstance(item.get("TaxCollection"), dict) else {}
    return {
        "amazon_order_id": amazon_order_id,
        "order_item_id": item["OrderItemId"],
        "seller_sku": text(item.get("SellerSKU")),
        "asin": text(item.get("ASIN")),
        "quantity_ordered": integer(item.get("QuantityOrdered")),
        "quantity_shipped": integer(item.get("QuantityShipped")),
        "quantity_canceled": 0,  # v0 lowers QuantityOrdered instead (migration 018)
        "item_price": amount(item.get("ItemPrice")),
        "currency": currency(item.get("ItemPrice")),
        "buyer_requested_cancel": isinstance(cancel, dict)
        and cancel.get("IsBuyerRequestedCancel") in (True, "true"),
        "buyer_cancel_reason": text(cancel.get("BuyerCancelReason")) if isinstance(cancel, dict) else None,
        **line_money(item),
        "tax_collection_model": upper_words(collection.get("Model")),
        "tax_responsible_party": address_text(collection.get("ResponsibleParty")),
        "promotion_ids": texts(item.get("PromotionIds")),
        "payload": exact_json(item),
    }


def has_key(obj: Any, key: str) -> bool:
    """True when obj is an object with a non-empty string under key (the row's identity)."""
    return isinstance(obj, dict) and isinstance(obj.get(key), str) and obj[key] != ""
