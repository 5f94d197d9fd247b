"""Orders API v2026-01-01's Order and OrderItem read into the rows v0's give (payload.py), leniently.

The same keys with the same meaning: order_status and fulfillment_channel in the grid's
words (v0's), money from `proceeds`, the buyer from `buyer`, the shipping address from
`recipient.deliveryAddress`; the payload is the v2026 object verbatim. A value that cannot
be read becomes NULL (the expectation suite then blocks the order naming the field); a
word Amazon adds later is kept as it came. Nothing here raises on an odd answer, but the
identity fields must be there: callers keep only orders with order_id() and take items
through items_of().
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from amazon_orders.pipeline.payload import (
    address_text,
    decimal,
    exact_json,
    integer,
    repeated,
    shipping_address,
    text,
    texts,
    timestamp,
)
from amazon_orders.rules import CHANNEL_FROM_2026, STATUS_FROM_2026
from amazon_orders.sp_api.model import ORDERS_2026

# associatedOrders' associationType of a replacement order: the order it replaces.
REPLACED_ORDER = "REPLACEMENT_ORIGINAL_ID"
# The one requester of a cancellation request the model names.
BUYER = "BUYER"
# The item's proceeds category of v0's ItemPrice: the line's selling price (price x quantity).
ITEM = "ITEM"
# The money columns (payload.V0_MONEY's) and where v2026's item proceeds give each: a category,
# or a category's detailed subtype. What reduces the proceeds is negative there (a discount, the
# tax on discounts), positive in the columns. v2026 gives the tax on promotion and shipping
# discounts as one figure (TAX/DISCOUNT): it goes to promotion_discount_tax.
MONEY_2026 = {
    "shipping_price": (("SHIPPING", None), 1),
    "gift_wrap_price": (("GIFT_WRAP", None), 1),
    "cod_fee": (("COD_FEE", None), 1),
    "item_tax": (("TAX", ITEM), 1),
    "shipping_tax": (("TAX", "SHIPPING"), 1),
    "gift_wrap_tax": (("TAX", "GIFT_WRAP"), 1),
    "promotion_discount_tax": (("TAX", "DISCOUNT"), -1),
    "promotion_discount": (("DISCOUNT", ITEM), -1),
    "shipping_discount": (("DISCOUNT", "SHIPPING"), -1),
    "cod_fee_discount": (("DISCOUNT", "COD_FEE"), -1),
    "shipping_discount_tax": (("", ""), 1),  # never given apart in v2026
}
# A TAX or DISCOUNT entry without detailed breakdowns: its subtotal is the item's.
DETAILED = ("TAX", "DISCOUNT")
# recipient.deliveryAddress's fields for the ship_* columns (as payload.V0_ADDRESS).
ADDRESS_2026 = {
    "ship_name": ("name",),
    "ship_address_line1": ("addressLine1",),
    "ship_address_line2": ("addressLine2",),
    "ship_address_line3": ("addressLine3",),
    "ship_city": ("city",),
    "ship_district": ("districtOrCounty",),
    "ship_state": ("stateOrRegion",),
    "ship_postal_code": ("postalCode",),
    "ship_country": ("countryCode",),
    "ship_phone": ("phone",),
}


def _object(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _path(obj: Any, *keys: str) -> Any:
    """obj[k1][k2]...; None as soon as a step is not an object."""
    for key in keys:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def order_id(order: Any) -> str | None:
    """The order's id, or None when it has none usable (the order is then not stored as a row)."""
    value = _path(order, "orderId")
    return value if isinstance(value, str) and value != "" else None


def marketplace_of(order: Any) -> str | None:
    return text(_path(order, "salesChannel", "marketplaceId"))


def last_updated(order: Any) -> datetime | None:
    return timestamp(_path(order, "lastUpdatedTime"))


def items_of(order: Any) -> list[dict]:
    """The order's items that have an id (the others are kept in the order's payload only)."""
    items = _path(order, "orderItems")
    if not isinstance(items, list):
        return []
    return [
        i for i in items if isinstance(i, dict) and isinstance(i.get("orderItemId"), str) and i["orderItemId"]
    ]


def money(value: Any) -> tuple[Decimal | None, str | None]:
    """(amount, currency) of a v2026 Money object, each None when unreadable."""
    found = _object(value)
    return decimal(found.get("amount")), text(found.get("currencyCode"))


def _programs(value: Any) -> list[str] | None:
    if not isinstance(value, list):
        return None
    return sorted({p for p in value if isinstance(p, str) and p != ""})


def _replaced_order(associated: Any) -> str | None:
    if not isinstance(associated, list):
        return None
    for entry in associated:
        if isinstance(entry, dict) and entry.get("associationType") == REPLACED_ORDER:
            found = text(entry.get("orderId"))
            if found:
                return found
    return None


def order_row(store_id: int, order: dict, buyer_data: bool) -> dict:
    """The order's typed columns, as payload.order_row's; `buyer_data`: BUYER and RECIPIENT were asked."""
    fulfillment = _object(order.get("fulfillment"))
    status = text(fulfillment.get("fulfillmentStatus"))
    channel = text(fulfillment.get("fulfilledBy"))
    total, currency = money(_path(order, "proceeds", "grandTotal"))
    buyer = _object(order.get("buyer"))
    ship_by, deliver_by = (
        _object(fulfillment.get("shipByWindow")),
        _object(fulfillment.get("deliverByWindow")),
    )
    return {
        "amazon_order_id": order["orderId"],
        "store_id": store_id,
        "purchase_date": timestamp(order.get("createdTime")),
        "last_update_date": timestamp(order.get("lastUpdatedTime")),
        "order_status": str(STATUS_FROM_2026.get(status, status)) if status is not None else None,
        "fulfillment_channel": str(CHANNEL_FROM_2026.get(channel, channel)) if channel is not None else None,
        "marketplace_id": marketplace_of(order),
        "order_total": total,
        "currency": currency,
        "buyer_name": text(buyer.get("buyerName")),
        "buyer_email": text(buyer.get("buyerEmail")),
        "payload": exact_json(order),
        "buyer_data": buyer_data,
        "api_version": ORDERS_2026,
        "fulfillment_status": status,
        "ship_by_earliest": timestamp(ship_by.get("earliestDateTime")),
        "ship_by_latest": timestamp(ship_by.get("latestDateTime")),
        "deliver_by_earliest": timestamp(deliver_by.get("earliestDateTime")),
        "deliver_by_latest": timestamp(deliver_by.get("latestDateTime")),
        "service_level": text(fulfillment.get("fulfillmentServiceLevel")),
        "programs": _programs(order.get("programs", [])),  # absent: none (Amazon omits empty lists)
        "replaced_order_id": _replaced_order(order.get("associatedOrders")),
        **shipping_address(_path(order, "recipient", "deliveryAddress"), ADDRESS_2026),
        "payment_methods": payment_methods(order),
        "repeated_item_ids": repeated([i["orderItemId"] for i in items_of(order)]),
    }


def item_price(item: Any) -> tuple[Decimal | None, str | None]:
    """The line's ITEM proceeds (v0's ItemPrice: price x quantity) and its currency.

    Several ITEM entries are added up; one unreadable, or currencies that differ, give (None, None).
    """
    breakdowns = _path(item, "proceeds", "breakdowns")
    if not isinstance(breakdowns, list):
        return None, None
    lines = [money(b.get("subtotal")) for b in breakdowns if isinstance(b, dict) and b.get("type") == ITEM]
    currencies = {c for _, c in lines}
    if not lines or any(a is None for a, _ in lines) or len(currencies) != 1 or None in currencies:
        return None, None
    return sum((a for a, _ in lines if a is not None), Decimal(0)), currencies.pop()


def _money_parts(item: Any) -> dict[tuple[str, str | None], list[Decimal | None]]:
    """The item's proceeds amounts by (category, detailed subtype or None)."""
    parts: dict[tuple[str, str | None], list[Decimal | None]] = {}
    breakdowns = _path(item, "proceeds", "breakdowns")
    for entry in breakdowns if isinstance(breakdowns, list) else []:
        kind = text(entry.get("type")) if isinstance(entry, dict) else None
        if kind is None:
            continue
        details = entry.get("detailedBreakdowns")
        if kind in DETAILED and isinstance(details, list) and details:
            for d in details:
                subtype = text(d.get("subtype")) if isinstance(d, dict) else None
                parts.setdefault((kind, subtype or ITEM), []).append(money(_path(d, "value"))[0])
        else:
            parts.setdefault((kind, ITEM if kind in DETAILED else None), []).append(
                money(entry.get("subtotal"))[0]
            )
    return parts


def item_money(item: Any) -> dict[str, Decimal | None]:
    """The line's money columns; a part given twice is added up, one unreadable makes it None.
    Amazon leaves out the categories that are zero: a priced line (one with proceeds) has zero of
    what it does not list; a line without proceeds (a pending order's) has none of any."""
    parts = _money_parts(item)
    absent = Decimal(0) if parts else None
    found: dict[str, Decimal | None] = {}
    for column, (key, sign) in MONEY_2026.items():
        values = parts.get(key)
        if not values:
            found[column] = absent
        elif any(v is None for v in values):
            found[column] = None
        else:
            found[column] = sign * sum((v for v in values if v is not None), Decimal(0))
    return found


def _tax_collection(item: Any) -> dict:
    collections = _path(item, "tax", "taxCollections")
    return _object(collections[0]) if isinstance(collections, list) and collections else {}


def _promotion_ids(item: Any) -> list[str] | None:
    breakdowns = _path(item, "promotion", "breakdowns")
    if not isinstance(breakdowns, list):
        return None
    return texts([_path(b, "promotionId") for b in breakdowns])


def payment_methods(order: Any) -> list[str] | None:
    executions = _path(order, "payment", "paymentExecutions")
    if not isinstance(executions, list):
        return None
    return texts([_path(e, "paymentMethod") for e in executions]) or None


def quantity_canceled(item: Any) -> int:
    """The units Amazon canceled of the line: with a cancellation.cancellationExecution, what is neither
    fulfilled nor left to fulfil (a count Amazon leaves out reads as 0, so a line with neither is
    canceled in full), within 0..quantityOrdered; without one, 0 (migration 018 reads stored lines alike)."""
    ordered = integer(item.get("quantityOrdered"))
    if _path(item, "cancellation", "cancellationExecution") is None or ordered is None:
        return 0
    fulfilled = integer(_path(item, "fulfillment", "quantityFulfilled")) or 0
    unfulfilled = integer(_path(item, "fulfillment", "quantityUnfulfilled")) or 0
    return max(0, min(ordered, ordered - fulfilled - unfulfilled))


def item_row(amazon_order_id: str, item: dict) -> dict:
    product = _object(item.get("product"))
    collection = _tax_collection(item)
    price, currency = item_price(item)
    request = _path(item, "cancellation", "cancellationRequest")
    requested = isinstance(request, dict) and request.get("requester", BUYER) == BUYER
    return {
        "amazon_order_id": amazon_order_id,
        "order_item_id": item["orderItemId"],
        "seller_sku": text(product.get("sellerSku")),
        "asin": text(product.get("asin")),
        "quantity_ordered": integer(item.get("quantityOrdered")),
        "quantity_shipped": integer(_path(item, "fulfillment", "quantityFulfilled")),
        "quantity_canceled": quantity_canceled(item),
        "item_price": price,
        "currency": currency,
        "buyer_requested_cancel": requested,
        "buyer_cancel_reason": text(request.get("cancelReason")) if requested else None,
        **item_money(item),
        "tax_collection_model": text(collection.get("model")),
        "tax_responsible_party": address_text(collection.get("responsibleParty")),
        "promotion_ids": _promotion_ids(item),
        "payload": exact_json(item),
    }
