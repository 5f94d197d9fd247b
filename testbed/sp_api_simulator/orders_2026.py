"""Orders API v2026-01-01's Order, rendered from the order the store holds in v0's shape (Order + OrderItems).

One state, two versions: the store keeps v0's objects and this renders them as orders_2026-01-01.json
defines an `Order` with its `orderItems`. What `includedData` does not ask for is left out, as Amazon's
table of data sets says: BUYER -> buyer, RECIPIENT -> recipient, FULFILLMENT -> fulfillment (order and
items), PROCEEDS -> proceeds (order and items), EXPENSE, PROMOTION, CANCELLATION -> the items' own, and
PACKAGES -> packages, TAX -> the items' tax (taxCollections), PAYMENT -> payment. Without any, an order
carries its ids, times, programs, sales channel and items (product with its unit price).

Tax: v0's OrderItem.TaxCollection {Model, ResponsibleParty} is the item's one tax collection,
`tax.taxCollections: [{model, responsibleParty}]`, its model in v2026's words (MarketplaceFacilitator ->
MARKETPLACE_FACILITATOR; any other CamelCase word -> UPPER_SNAKE the same way).

Payment: `payment.paymentExecutions`, one per way the buyer paid.
- v0's PaymentExecutionDetail (given for COD orders and in Brazil) is the list: each item's
  PaymentMethod, Payment, AcquirerId, CardBrand, AuthorizationCode.
- Otherwise the methods are v0's PaymentMethodDetails (what Amazon recommends reading), else its
  PaymentMethod; one method pays the OrderTotal (its paymentAmount), several have no amounts (v0 does
  not say how the total was split).
- Method words: v2026 spells the methods out in CamelCase (its description: CashOnDelivery,
  ConvenienceStore, CreditCard, Invoice, Pix), so v0's abbreviations COD -> CashOnDelivery, CVS ->
  ConvenienceStore, GC -> GiftCard; every other word (Standard, CreditCard, GiftCertificate,
  PointsAccount, Invoice, Pix, Other) is the same in both versions.
- A pending order shows its methods (PaymentMethodDetails) but no amounts, and no
  PaymentExecutionDetail in v0 either (Amazon has not taken the payment yet: pending.py).

Money: the model's examples make every proceeds total the sum of its breakdowns, so what reduces the
proceeds (a DISCOUNT, tax on a discount) carries a negative amount. A pending order carries no prices
and no address (as in v0).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from functools import cache
from types import MappingProxyType
from typing import Any

from amazon_orders.sp_api.model import orders_2026_model, orders_model, payment_methods
from amazon_orders.sp_api.model.timestamps import format_amazon_time, parse_amazon_time

from .pending import is_pending
from .store import ItemCancellation

# v0's OrderStatus -> v2026's fulfillment.fulfillmentStatus (v2026 has no InvoiceUnconfirmed).
STATUS_TO_2026 = {
    "PendingAvailability": "PENDING_AVAILABILITY",
    "Pending": "PENDING",
    "Unshipped": "UNSHIPPED",
    "PartiallyShipped": "PARTIALLY_SHIPPED",
    "Shipped": "SHIPPED",
    "Canceled": "CANCELLED",
    "Unfulfillable": "UNFULFILLABLE",
    "InvoiceUnconfirmed": "UNSHIPPED",
}
STATUS_FROM_2026 = {v: k for k, v in STATUS_TO_2026.items() if k != "InvoiceUnconfirmed"}
FULFILLED_BY = {"MFN": "MERCHANT", "AFN": "AMAZON"}
CHANNEL_FROM_2026 = {v: k for k, v in FULFILLED_BY.items()}
# The statuses at which an order shows the buyer's name, and a merchant-fulfilled one the buyer's email
# (Amazon's "Access Orders PII" page).
BUYER_STATUSES = frozenset({"UNSHIPPED", "PARTIALLY_SHIPPED", "SHIPPED"})
NON_AMAZON = "Non-Amazon"  # v0's SalesChannel of an order placed elsewhere (channelName NON_AMAZON)

# v0's order flags -> the v2026 program they stand for.
FLAG_PROGRAMS = {
    "IsPrime": "PRIME",
    "IsBusinessOrder": "AMAZON_BUSINESS",
    "IsPremiumOrder": "PREMIUM",
    "IsISPU": "IN_STORE_PICK_UP",
}
PREORDER = "Preorder"  # v0's OrderType -> program PREORDER
# v0 OrderItem.AmazonPrograms.Programs: SUBSCRIBE_AND_SAVE stays the item's, FBM_SHIP_PLUS is the order's.
ITEM_PROGRAMS = ("SUBSCRIBE_AND_SAVE",)
ORDER_ITEM_PROGRAMS = ("FBM_SHIP_PLUS",)

ADDRESS_FIELDS = {
    "Name": "name",
    "CompanyName": "companyName",
    "AddressLine1": "addressLine1",
    "AddressLine2": "addressLine2",
    "AddressLine3": "addressLine3",
    "City": "city",
    "County": "districtOrCounty",
    "District": "districtOrCounty",
    "StateOrRegion": "stateOrRegion",
    "Municipality": "municipality",
    "PostalCode": "postalCode",
    "CountryCode": "countryCode",
    "Phone": "phone",
}
EXTENDED_FIELDS = {
    "StreetName": "streetName",
    "StreetNumber": "streetNumber",
    "Complement": "complement",
    "Neighborhood": "neighborhood",
}

# Proceeds categories, in the model's order; the v0 money behind each (a discount subtracts).
ITEM = "ITEM"
SHIPPING = "SHIPPING"
GIFT_WRAP = "GIFT_WRAP"
COD_FEE = "COD_FEE"
TAX = "TAX"
DISCOUNT = "DISCOUNT"
CATEGORIES = (ITEM, SHIPPING, GIFT_WRAP, COD_FEE, TAX, DISCOUNT)
TAX_PARTS = ((ITEM, "ItemTax"), (SHIPPING, "ShippingTax"), (GIFT_WRAP, "GiftWrapTax"))
TAX_ON_DISCOUNTS = ("PromotionDiscountTax", "ShippingDiscountTax")  # subtype DISCOUNT, negative
DISCOUNT_PARTS = ((ITEM, "PromotionDiscount"), (SHIPPING, "ShippingDiscount"), (COD_FEE, "CODFeeDiscount"))

# v0's payment method words -> v2026's (module docstring); the others are the same in both.
PAYMENT_METHODS_TO_2026 = payment_methods.IN_2026_OF_V0
PAYMENT_METHODS_FROM_2026 = {v: k for k, v in PAYMENT_METHODS_TO_2026.items()}
# v0 PaymentExecutionDetailItem's fields beside Payment and PaymentMethod -> PaymentExecution's.
EXECUTION_FIELDS = {
    "AcquirerId": "acquirerId",
    "CardBrand": "cardBrand",
    "AuthorizationCode": "authorizationCode",
}


def render_order(
    order: dict[str, Any],
    items: list[dict[str, Any]],
    included: frozenset[str],
    packages: Iterable[dict[str, Any]] = (),
    cancellations: Mapping[str, ItemCancellation] = MappingProxyType({}),
) -> dict[str, Any]:
    """The v2026 Order (with its orderItems) for a stored v0 order, holding what `included` asks for;
    `cancellations`: what Amazon canceled of its lines, by OrderItemId (the order and items then as
    placed: item_cancellations.as_placed)."""
    status = STATUS_TO_2026[order["OrderStatus"]]
    fulfilled_by = _word(FULFILLED_BY, order.get("FulfillmentChannel"))
    pending = is_pending(order)
    rendered: dict[str, Any] = {"orderId": order["AmazonOrderId"]}
    if order.get("SellerOrderId"):
        rendered["orderAliases"] = [{"aliasId": order["SellerOrderId"], "aliasType": "SELLER_ORDER_ID"}]
    rendered["createdTime"] = _time(order["PurchaseDate"])
    rendered["lastUpdatedTime"] = _time(order["LastUpdateDate"])
    programs = _order_programs(order, items)
    if programs:
        rendered["programs"] = programs
    if order.get("IsReplacementOrder") in (True, "true") and order.get("ReplacedOrderId"):
        rendered["associatedOrders"] = [
            {"orderId": order["ReplacedOrderId"], "associationType": "REPLACEMENT_ORIGINAL_ID"}
        ]
    rendered["salesChannel"] = _sales_channel(order)
    if "BUYER" in included and (buyer := _buyer(order, status, fulfilled_by)):
        rendered["buyer"] = buyer
    if "RECIPIENT" in included and not pending and (address := _address(order.get("ShippingAddress"))):
        rendered["recipient"] = {"deliveryAddress": address}
    if "PROCEEDS" in included and not pending:
        rendered["proceeds"] = _order_proceeds(order, items)
    if "FULFILLMENT" in included:
        rendered["fulfillment"] = _fulfillment(order, status, fulfilled_by)
    if "PAYMENT" in included and (executions := payment_executions(order, pending)):
        rendered["payment"] = {"paymentExecutions": executions}
    rendered["orderItems"] = [
        _item(item, included, pending, cancellations.get(item["OrderItemId"])) for item in items
    ]
    if "PACKAGES" in included and fulfilled_by != "AMAZON":
        shown = list(packages)
        if shown:
            rendered["packages"] = shown
    return rendered


def render_package(body: dict[str, Any], received: str) -> dict[str, Any]:
    """A v2026 OrderPackage from a confirmShipment request (its packageDetail) received at `received`."""
    detail = body["packageDetail"]
    package: dict[str, Any] = {"packageReferenceId": detail["packageReferenceId"], "createdTime": received}
    package["packageStatus"] = {"status": "SHIPPED"}
    if detail.get("carrierName") or detail.get("carrierCode"):
        package["carrier"] = detail.get("carrierName") or detail["carrierCode"]
    package["shipTime"] = _time(detail["shipDate"])
    if detail.get("shippingMethod"):
        package["shippingService"] = detail["shippingMethod"]
    if detail.get("trackingNumber"):
        package["trackingNumber"] = detail["trackingNumber"]
    lines = []
    for line in detail["orderItems"]:
        shown: dict[str, Any] = {"orderItemId": line["orderItemId"], "quantity": line["quantity"]}
        if line.get("transparencyCodes"):
            shown["transparencyCodes"] = list(line["transparencyCodes"])
        lines.append(shown)
    package["packageItems"] = lines
    return package


# --- the order ---------------------------------------------------------------------------------------


def _time(text: Any) -> Any:
    """A v0 date as v2026 writes it (UTC, Z); what does not parse is shown as it was stored."""
    try:
        return format_amazon_time(parse_amazon_time(str(text)))
    except ValueError:
        return text


def _order_programs(order: dict[str, Any], items: list[dict[str, Any]]) -> list[str]:
    found = {program for flag, program in FLAG_PROGRAMS.items() if order.get(flag) in (True, "true")}
    if order.get("OrderType") == PREORDER:
        found.add("PREORDER")
    if order.get("EasyShipShipmentStatus"):
        found.add("AMAZON_EASY_SHIP")
    for item in items:
        found |= set(_item_amazon_programs(item)) & set(ORDER_ITEM_PROGRAMS)
    known = order_programs()
    return sorted(found, key=lambda p: known.index(p) if p in known else len(known))


def _sales_channel(order: dict[str, Any]) -> dict[str, Any]:
    name = order.get("SalesChannel")
    channel: dict[str, Any] = {"channelName": "NON_AMAZON" if name == NON_AMAZON else "AMAZON"}
    if order.get("MarketplaceId"):
        channel["marketplaceId"] = order["MarketplaceId"]
    if name and name != NON_AMAZON:
        channel["marketplaceName"] = name
    return channel


def _buyer(order: dict[str, Any], status: str, fulfilled_by: str | None) -> dict[str, Any]:
    info = _object(order.get("BuyerInfo"))
    buyer: dict[str, Any] = {}
    if info.get("BuyerName") and status in BUYER_STATUSES:
        buyer["buyerName"] = info["BuyerName"]
    if info.get("BuyerEmail") and fulfilled_by == "MERCHANT" and status in BUYER_STATUSES:
        buyer["buyerEmail"] = info["BuyerEmail"]
    company = _object(info.get("BuyerTaxInfo")).get("CompanyLegalName")
    if company:
        buyer["buyerCompanyName"] = company
    if info.get("PurchaseOrderNumber"):
        buyer["buyerPurchaseOrderNumber"] = info["PurchaseOrderNumber"]
    return buyer


def _address(address: Any) -> dict[str, Any]:
    if not isinstance(address, dict):
        return {}
    shown = {ours: address[theirs] for theirs, ours in ADDRESS_FIELDS.items() if address.get(theirs)}
    extended = address.get("ExtendedFields")
    if isinstance(extended, dict):
        fields = {ours: extended[theirs] for theirs, ours in EXTENDED_FIELDS.items() if extended.get(theirs)}
        if fields:
            shown["extendedFields"] = fields
    if address.get("AddressType"):
        shown["addressType"] = upper_snake(address["AddressType"])
    return shown


def _fulfillment(order: dict[str, Any], status: str, fulfilled_by: str | None) -> dict[str, Any]:
    shown: dict[str, Any] = {"fulfillmentStatus": status}
    if fulfilled_by:
        shown["fulfilledBy"] = fulfilled_by
    level = service_level(order)
    if level:
        shown["fulfillmentServiceLevel"] = level
    for name, first, last in (
        ("shipByWindow", "EarliestShipDate", "LatestShipDate"),
        ("deliverByWindow", "EarliestDeliveryDate", "LatestDeliveryDate"),
    ):
        window = _window(order.get(first), order.get(last))
        if window:
            shown[name] = window
    return shown


def _window(earliest: Any, latest: Any) -> dict[str, str]:
    window = {}
    if earliest:
        window["earliestDateTime"] = _time(earliest)
    if latest:
        window["latestDateTime"] = _time(latest)
    return window


def service_level(order: dict[str, Any]) -> str | None:
    """v2026's fulfillmentServiceLevel: v0's ShipmentServiceLevelCategory (Standard, NextDay, ...), else
    the ShipServiceLevel when it names one of those categories."""
    levels = service_levels()
    for text in (order.get("ShipmentServiceLevelCategory"), order.get("ShipServiceLevel")):
        if isinstance(text, str):
            word = upper_snake(text)
            if word in levels:
                return word
            if word.startswith("STD"):
                return "STANDARD"
    return None


def _order_proceeds(order: dict[str, Any], items: list[dict[str, Any]]) -> dict[str, Any]:
    proceeds: dict[str, Any] = {}
    total = money(order.get("OrderTotal"))
    if total:
        proceeds["grandTotal"] = total
    sums: dict[str, tuple[Decimal, str]] = {}
    for item in items:
        for breakdown in _item_breakdowns(item):
            amount, currency = decimal(breakdown["subtotal"]["amount"]), breakdown["subtotal"]["currencyCode"]
            earlier = sums.get(breakdown["type"])
            sums[breakdown["type"]] = (amount + earlier[0] if earlier else amount, currency)
    if sums:
        proceeds["breakdowns"] = [
            {"type": kind, "subtotal": _money(*sums[kind])} for kind in CATEGORIES if kind in sums
        ]
    return proceeds


# --- the items ---------------------------------------------------------------------------------------


def _item(
    item: dict[str, Any], included: frozenset[str], pending: bool, canceled: ItemCancellation | None = None
) -> dict[str, Any]:
    shown: dict[str, Any] = {"orderItemId": item["OrderItemId"], "quantityOrdered": item["QuantityOrdered"]}
    measurement = item.get("Measurement")
    if isinstance(measurement, dict) and "Unit" in measurement and "Value" in measurement:
        shown["measurement"] = {"unit": measurement["Unit"], "value": measurement["Value"]}
    programs = (["TRANSPARENCY"] if item.get("IsTransparency") in (True, "true") else []) + [
        p for p in _item_amazon_programs(item) if p in ITEM_PROGRAMS
    ]
    if programs:
        shown["programs"] = programs
    shown["product"] = _product(item, pending)
    if "PROCEEDS" in included and not pending:
        breakdowns = _item_breakdowns(item)
        if breakdowns:
            currency = breakdowns[0]["subtotal"]["currencyCode"]
            total = sum((decimal(b["subtotal"]["amount"]) for b in breakdowns), Decimal())
            shown["proceeds"] = {"proceedsTotal": _money(total, currency), "breakdowns": breakdowns}
    if "EXPENSE" in included and not pending and (points := _points(item.get("PointsGranted"))):
        shown["expense"] = {"pointsCost": {"pointsGranted": points}}
    if "PROMOTION" in included and isinstance(item.get("PromotionIds"), list) and item["PromotionIds"]:
        shown["promotion"] = {"breakdowns": [{"promotionId": p} for p in item["PromotionIds"]]}
    if "CANCELLATION" in included and (cancellation := _cancellation(item, canceled)):
        shown["cancellation"] = cancellation
    if "FULFILLMENT" in included:
        shown["fulfillment"] = _item_fulfillment(item, canceled.quantity if canceled else 0)
    if "TAX" in included and (collection := tax_collection(item)):
        shown["tax"] = {"taxCollections": [collection]}
    return shown


def tax_collection(item: dict[str, Any]) -> dict[str, Any] | None:
    """v0's TaxCollection as a v2026 ItemTaxCollection (model in v2026's words), or None without one."""
    given = _object(item.get("TaxCollection"))
    collection: dict[str, Any] = {}
    if isinstance(given.get("Model"), str) and given["Model"]:
        collection["model"] = upper_snake(given["Model"])
    if isinstance(given.get("ResponsibleParty"), str) and given["ResponsibleParty"]:
        collection["responsibleParty"] = given["ResponsibleParty"]
    return collection or None


def payment_method_2026(word: Any) -> Any:
    """A v0 payment method word as v2026 writes it (COD -> CashOnDelivery; most are the same)."""
    return PAYMENT_METHODS_TO_2026.get(word, word) if isinstance(word, str) else word


def payment_executions(order: dict[str, Any], pending: bool) -> list[dict[str, Any]]:
    """The order's v2026 PaymentExecutions from v0's payment fields (module docstring)."""
    detail = order.get("PaymentExecutionDetail")
    if isinstance(detail, list) and detail and not pending:
        executions = []
        for given in detail:
            given = _object(given)
            execution: dict[str, Any] = {}
            if isinstance(given.get("PaymentMethod"), str):
                execution["paymentMethod"] = payment_method_2026(given["PaymentMethod"])
            amount = money(given.get("Payment"))
            if amount:
                execution["paymentAmount"] = amount
            execution |= {
                ours: given[theirs] for theirs, ours in EXECUTION_FIELDS.items() if given.get(theirs)
            }
            if execution:
                executions.append(execution)
        return executions
    details = order.get("PaymentMethodDetails")
    methods = [m for m in details if isinstance(m, str) and m] if isinstance(details, list) else []
    if not methods and isinstance(order.get("PaymentMethod"), str) and order["PaymentMethod"]:
        methods = [order["PaymentMethod"]]
    executions = [{"paymentMethod": payment_method_2026(m)} for m in methods]
    total = None if pending else money(order.get("OrderTotal"))
    if len(executions) == 1 and total:
        executions[0]["paymentAmount"] = total
    return executions


def _item_amazon_programs(item: dict[str, Any]) -> list[str]:
    programs = _object(item.get("AmazonPrograms")).get("Programs")
    return [p for p in programs if isinstance(p, str)] if isinstance(programs, list) else []


def _product(item: dict[str, Any], pending: bool) -> dict[str, Any]:
    product: dict[str, Any] = {"asin": item["ASIN"]}
    if item.get("Title"):
        product["title"] = item["Title"]
    if item.get("SellerSKU"):
        product["sellerSku"] = item["SellerSKU"]
    condition = {}
    if item.get("ConditionId"):
        condition["conditionType"] = upper_snake(item["ConditionId"])
    if item.get("ConditionSubtypeId"):
        condition["conditionSubtype"] = upper_snake(item["ConditionSubtypeId"])
    if item.get("ConditionNote"):
        condition["conditionNote"] = item["ConditionNote"]
    if condition:
        product["condition"] = condition
    price: dict[str, Any] = {}
    unit = None if pending else unit_price(item)
    if unit:
        price["unitPrice"] = unit
    if item.get("PriceDesignation"):
        price["priceDesignation"] = item["PriceDesignation"]
    if price:
        product["price"] = price
    if isinstance(item.get("SerialNumbers"), list) and item["SerialNumbers"]:
        product["serialNumbers"] = list(item["SerialNumbers"])
    return product


def unit_price(item: dict[str, Any]) -> dict[str, str] | None:
    """ItemPrice (the line's price) over QuantityOrdered, to the ItemPrice's own precision."""
    price = money(item.get("ItemPrice"))
    quantity = item.get("QuantityOrdered")
    if price is None or not isinstance(quantity, int) or quantity < 1:
        return None
    amount = decimal(price["amount"])
    exponent = amount.as_tuple().exponent
    step = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
    try:
        return _money((amount / quantity).quantize(step), price["currencyCode"])
    except InvalidOperation:  # an amount beyond any precision (the store keeps what it was given)
        return None


def _item_breakdowns(item: dict[str, Any]) -> list[dict[str, Any]]:
    """The item's proceeds breakdowns: ITEM always (when priced), the others when not zero."""
    buyer = _object(item.get("BuyerInfo"))
    sources = {"GiftWrapPrice": buyer.get("GiftWrapPrice"), "GiftWrapTax": buyer.get("GiftWrapTax")}

    def amount(name: str) -> tuple[Decimal, str] | None:
        value = money(sources[name] if name in sources else item.get(name))
        return (decimal(value["amount"]), value["currencyCode"]) if value else None

    item_price = amount("ItemPrice")
    if item_price is None:
        return []
    currency = item_price[1]
    breakdowns = [{"type": ITEM, "subtotal": _money(*item_price)}]
    for kind, name in ((SHIPPING, "ShippingPrice"), (GIFT_WRAP, "GiftWrapPrice"), (COD_FEE, "CODFee")):
        found = amount(name)
        if found and found[0]:
            breakdowns.append({"type": kind, "subtotal": _money(*found)})
    tax = [(subtype, found[0]) for subtype, name in TAX_PARTS if (found := amount(name)) and found[0]]
    on_discounts = sum((found[0] for name in TAX_ON_DISCOUNTS if (found := amount(name))), Decimal())
    if on_discounts:
        tax.append((DISCOUNT, -on_discounts))
    if tax:
        breakdowns.append(_detailed(TAX, tax, currency))
    discounts = [
        (subtype, -found[0]) for subtype, name in DISCOUNT_PARTS if (found := amount(name)) and found[0]
    ]
    if discounts:
        breakdowns.append(_detailed(DISCOUNT, discounts, currency))
    return breakdowns


def _detailed(kind: str, parts: list[tuple[str, Decimal]], currency: str) -> dict[str, Any]:
    return {
        "type": kind,
        "subtotal": _money(sum((value for _, value in parts), Decimal()), currency),
        "detailedBreakdowns": [
            {"subtype": subtype, "value": _money(value, currency)} for subtype, value in parts
        ],
    }


def _points(points: Any) -> dict[str, Any] | None:
    if not isinstance(points, dict):
        return None
    shown: dict[str, Any] = {}
    if isinstance(points.get("PointsNumber"), int):
        shown["pointsNumber"] = points["PointsNumber"]
    value = money(points.get("PointsMonetaryValue"))
    if value:
        shown["pointsMonetaryValue"] = value
    return shown or None


def _cancellation(item: dict[str, Any], canceled: ItemCancellation | None) -> dict[str, Any]:
    """The item's ItemCancellation: the buyer's request, and how Amazon executed a cancellation."""
    shown: dict[str, Any] = {}
    if request := _cancellation_request(item):
        shown["cancellationRequest"] = request
    if canceled is not None:
        execution = {"cancelledBy": canceled.cancelled_by}
        if canceled.reason:
            execution["cancelReason"] = canceled.reason
        shown["cancellationExecution"] = execution
    return shown


def _cancellation_request(item: dict[str, Any]) -> dict[str, Any] | None:
    asked = item.get("BuyerRequestedCancel")
    if not isinstance(asked, dict) or str(asked.get("IsBuyerRequestedCancel")).lower() != "true":
        return None
    request: dict[str, Any] = {"requester": "BUYER"}
    if asked.get("BuyerCancelReason"):
        request["cancelReason"] = asked["BuyerCancelReason"]
    return request


def _item_fulfillment(item: dict[str, Any], canceled: int = 0) -> dict[str, Any]:
    """Shipped and still to ship; a canceled unit is neither."""
    shipped, ordered = item.get("QuantityShipped") or 0, item["QuantityOrdered"]
    shown: dict[str, Any] = {"quantityFulfilled": shipped}
    if isinstance(shipped, int) and isinstance(ordered, int):
        shown["quantityUnfulfilled"] = max(0, ordered - shipped - canceled)
    buyer = _object(item.get("BuyerInfo"))
    packing: dict[str, Any] = {}
    gift = {}
    if buyer.get("GiftMessageText"):
        gift["giftMessage"] = buyer["GiftMessageText"]
    if buyer.get("GiftWrapLevel"):
        gift["giftWrapLevel"] = buyer["GiftWrapLevel"]
    if gift:
        packing["giftOption"] = gift
    if item.get("SerialNumberRequired") in (True, "true"):
        packing["serialNumberRequirement"] = {"requirementType": "REQUIRED"}
    if packing:
        shown["packing"] = packing
    window = _window(item.get("ScheduledDeliveryStartDate"), item.get("ScheduledDeliveryEndDate"))
    if window:
        shown["shipping"] = {"scheduledDeliveryWindow": window}
    return shown


# --- money and words ---------------------------------------------------------------------------------


def _object(value: Any) -> dict[str, Any]:
    """A v0 object field as it was stored, or {} when it is not an object (the store keeps what it got)."""
    return value if isinstance(value, dict) else {}


def _word(table: dict[str, str], value: Any) -> str | None:
    return table.get(value) if isinstance(value, str) else None


def money(value: Any) -> dict[str, str] | None:
    """v0's Money {CurrencyCode, Amount} as v2026's {amount, currencyCode}; None without an amount."""
    if not isinstance(value, dict) or value.get("Amount") in (None, "") or not value.get("CurrencyCode"):
        return None
    return {"amount": str(value["Amount"]), "currencyCode": value["CurrencyCode"]}


def decimal(text: Any) -> Decimal:
    try:
        return Decimal(str(text))
    except InvalidOperation:
        return Decimal()


def _money(amount: Decimal, currency: str) -> dict[str, str]:
    return {"amount": format(amount, "f"), "currencyCode": currency}


def upper_snake(text: Any) -> Any:
    """v0's words as v2026 writes them: Very Good -> VERY_GOOD, NextDay -> NEXT_DAY (a non-word as it is)."""
    if not isinstance(text, str):
        return text
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", text.strip())
    return re.sub(r"[^A-Za-z0-9]+", "_", spaced).strip("_").upper()


def possible_values(description: str) -> tuple[str, ...]:
    """The `VALUE`s an Amazon description lists after **Possible values**."""
    _, _, tail = description.partition("Possible values")
    return tuple(re.findall(r"`([^`]+)`", tail))


@cache
def order_programs() -> tuple[str, ...]:
    return possible_values(
        orders_2026_model()["definitions"]["Order"]["properties"]["programs"]["description"]
    )


@cache
def service_levels() -> tuple[str, ...]:
    spec = orders_2026_model()["definitions"]["OrderFulfillment"]["properties"]["fulfillmentServiceLevel"]
    return possible_values(spec["description"])


@cache
def v0_words(definition: str, prop: str) -> dict[str, str]:
    """A v0 property's possible values by their v2026 spelling (VERY_GOOD -> Very Good)."""
    spec = orders_model()["definitions"][definition]["properties"][prop]
    values = spec.get("enum") or possible_values(spec.get("description", ""))
    return {upper_snake(v): v for v in values}
