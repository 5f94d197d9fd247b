"""An order given as Orders API v2026-01-01 shows it (a scenario's `order_2026:`), turned into the v0
Order + OrderItems the store holds, so both versions serve it: the inverse of orders_2026.render_order.

What v0 has no place for is not kept: programs without a v0 flag (AMAZON_BAZAAR, AMAZON_HAUL,
DELIVERY_BY_AMAZON, AMAZON_EASY_SHIP, INVOICE_BY_AMAZON), proceeds of type OTHER or DELIVERY_TIP,
packages, tax registrations and calculation breakdowns, delivery preferences, a cancellation's execution.

Money v0 does hold goes back so both versions answer alike:
- An item's `tax.taxCollections` is v0's one TaxCollection {Model, ResponsibleParty} (MARKETPLACE_FACILITATOR
  -> MarketplaceFacilitator). v0's model holds one per item and only the values its enums list (Amazon
  Services, Inc., the US facilitator): more than one, or another value, is refused (400), since the v0
  answer could not show it.
- `payment.paymentExecutions`: their methods are v0's PaymentMethodDetails (CashOnDelivery -> COD,
  ConvenienceStore -> CVS, GiftCard -> GC, the others as they are) and PaymentMethod is COD, CVS or
  Other. When v0's PaymentMethodDetails cannot say it all (several executions with amounts, one paying
  other than the order total, or one with an acquirer, card brand or authorization code) the executions
  are also v0's PaymentExecutionDetail, which needs an amount and a method on each (else 400). A single
  execution without an amount comes back paying the order total, as orders_2026 renders one method.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import jsonschema

from amazon_orders.sp_api.model import definition_schema, orders_2026_model, orders_model
from amazon_orders.sp_api.model.timestamps import format_amazon_time, parse_amazon_time

from .errors import invalid_input
from .orders_2026 import (
    ADDRESS_FIELDS,
    CHANNEL_FROM_2026,
    COD_FEE,
    DISCOUNT,
    EXECUTION_FIELDS,
    EXTENDED_FIELDS,
    FLAG_PROGRAMS,
    GIFT_WRAP,
    ITEM,
    NON_AMAZON,
    ORDER_ITEM_PROGRAMS,
    PAYMENT_METHODS_FROM_2026,
    PREORDER,
    SHIPPING,
    STATUS_FROM_2026,
    TAX,
    decimal,
    v0_words,
)

_ORDER = jsonschema.Draft4Validator(definition_schema("Order", orders_2026_model()))
_ADDRESS_BACK = {ours: theirs for theirs, ours in ADDRESS_FIELDS.items() if theirs != "District"}
_EXTENDED_BACK = {ours: theirs for theirs, ours in EXTENDED_FIELDS.items()}
_TAX_BACK = {
    ITEM: "ItemTax",
    SHIPPING: "ShippingTax",
    GIFT_WRAP: "GiftWrapTax",
    DISCOUNT: "PromotionDiscountTax",
}
_DISCOUNT_BACK = {ITEM: "PromotionDiscount", SHIPPING: "ShippingDiscount", COD_FEE: "CODFeeDiscount"}
_PRICE_BACK = {ITEM: "ItemPrice", SHIPPING: "ShippingPrice", COD_FEE: "CODFee"}
_FLAGS_BACK = {program: flag for flag, program in FLAG_PROGRAMS.items()}
_EXECUTION_BACK = {ours: theirs for theirs, ours in EXECUTION_FIELDS.items()}
# v0's PaymentMethod: COD and CVS name themselves, every other method is Other.
_ORDER_PAYMENT_METHODS = ("COD", "CVS")


def order_from_2026(given: Any, where: str = "order_2026") -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(v0 Order, v0 OrderItems) for a v2026 Order with its orderItems; 400 InvalidInput if the model
    refuses it or v0 cannot hold it (no fulfillment status, an item without an ASIN)."""
    error = jsonschema.exceptions.best_match(_ORDER.iter_errors(given))
    if error is not None:
        place = "/".join(str(p) for p in error.absolute_path)
        raise invalid_input(f"{where}{'/' + place if place else ''} is not a v2026 Order: {error.message}")
    fulfillment = given.get("fulfillment") or {}
    status = fulfillment.get("fulfillmentStatus")
    if status not in STATUS_FROM_2026:
        raise invalid_input(f"{where}.fulfillment.fulfillmentStatus is required (it is v0's OrderStatus).")
    programs = set(given.get("programs") or [])
    order: dict[str, Any] = {
        "AmazonOrderId": given["orderId"],
        "PurchaseDate": _time(given["createdTime"], f"{where}.createdTime"),
        "LastUpdateDate": _time(given["lastUpdatedTime"], f"{where}.lastUpdatedTime"),
        "OrderStatus": STATUS_FROM_2026[status],
    }
    alias = next((a for a in given.get("orderAliases") or [] if a["aliasType"] == "SELLER_ORDER_ID"), None)
    if alias is not None:
        order["SellerOrderId"] = alias["aliasId"]
    if fulfillment.get("fulfilledBy") in CHANNEL_FROM_2026:
        order["FulfillmentChannel"] = CHANNEL_FROM_2026[fulfillment["fulfilledBy"]]
    channel = given["salesChannel"]
    if channel.get("channelName") == "NON_AMAZON":
        order["SalesChannel"] = NON_AMAZON
    elif channel.get("marketplaceName"):
        order["SalesChannel"] = channel["marketplaceName"]
    if channel.get("marketplaceId"):
        order["MarketplaceId"] = channel["marketplaceId"]
    level = fulfillment.get("fulfillmentServiceLevel")
    if level:
        word = _camel(level)
        order["ShipServiceLevel"] = word
        order["ShipmentServiceLevelCategory"] = word
    total = (given.get("proceeds") or {}).get("grandTotal")
    if total:
        order["OrderTotal"] = _v0_money(total)
    order["OrderType"] = PREORDER if "PREORDER" in programs else "StandardOrder"
    for name, first, last in (
        ("shipByWindow", "EarliestShipDate", "LatestShipDate"),
        ("deliverByWindow", "EarliestDeliveryDate", "LatestDeliveryDate"),
    ):
        window = fulfillment.get(name) or {}
        if window.get("earliestDateTime"):
            order[first] = _time(window["earliestDateTime"], f"{where}.fulfillment.{name}")
        if window.get("latestDateTime"):
            order[last] = _time(window["latestDateTime"], f"{where}.fulfillment.{name}")
    for program, flag in _FLAGS_BACK.items():
        order[flag] = program in programs
    replaced = next(
        (
            a
            for a in given.get("associatedOrders") or []
            if a.get("associationType") == "REPLACEMENT_ORIGINAL_ID"
        ),
        None,
    )
    order["IsReplacementOrder"] = replaced is not None and bool(replaced.get("orderId"))
    if order["IsReplacementOrder"]:
        order["ReplacedOrderId"] = replaced["orderId"]  # type: ignore[index]
    order.update(_payment(given, where))
    buyer = _buyer_info(given.get("buyer") or {})
    if buyer:
        order["BuyerInfo"] = buyer
    address = ((given.get("recipient") or {}).get("deliveryAddress")) or {}
    if address:
        order["ShippingAddress"] = _address(address)
    items = [
        _item(item, status, programs, f"{where}.orderItems[{n}]")
        for n, item in enumerate(given["orderItems"])
    ]
    shipped = sum(i["QuantityShipped"] for i in items)
    order["NumberOfItemsShipped"] = shipped
    order["NumberOfItemsUnshipped"] = max(0, sum(i["QuantityOrdered"] for i in items) - shipped)
    return order, items


def _time(text: str, where: str) -> str:
    try:
        return format_amazon_time(parse_amazon_time(text))
    except ValueError:
        raise invalid_input(f"{where} is not an ISO 8601 date-time: {text!r}.") from None


def _camel(word: str) -> str:
    """NEXT_DAY -> NextDay (v0's ShipmentServiceLevelCategory)."""
    return "".join(part.capitalize() for part in word.split("_"))


def _v0_money(value: dict[str, Any], negate: bool = False) -> dict[str, str]:
    amount = decimal(value["amount"])
    return {"CurrencyCode": value["currencyCode"], "Amount": format(-amount if negate else amount, "f")}


def _payment(given: dict[str, Any], where: str) -> dict[str, Any]:
    """v0's PaymentMethod, PaymentMethodDetails and (when they cannot say it all) PaymentExecutionDetail
    for the order's paymentExecutions (module docstring); {} without any."""
    executions = (given.get("payment") or {}).get("paymentExecutions") or []
    if not executions:
        return {}
    methods = [
        PAYMENT_METHODS_FROM_2026.get(e.get("paymentMethod"), e.get("paymentMethod")) for e in executions
    ]
    known = [m for m in methods if m]
    payment: dict[str, Any] = {
        "PaymentMethod": next((m for m in _ORDER_PAYMENT_METHODS if m in known), "Other"),
    }
    if known:
        payment["PaymentMethodDetails"] = list(dict.fromkeys(known))
    if not _needs_detail(executions, (given.get("proceeds") or {}).get("grandTotal")):
        return payment
    detail = []
    for n, (execution, method) in enumerate(zip(executions, methods, strict=True)):
        if not method or not execution.get("paymentAmount"):
            raise invalid_input(
                f"{where}.payment.paymentExecutions[{n}] needs a paymentMethod and a paymentAmount: v0 holds "
                "these executions as PaymentExecutionDetail, whose items require both."
            )
        item: dict[str, Any] = {"Payment": _v0_money(execution["paymentAmount"]), "PaymentMethod": method}
        item |= {theirs: execution[ours] for ours, theirs in _EXECUTION_BACK.items() if execution.get(ours)}
        detail.append(item)
    payment["PaymentExecutionDetail"] = detail
    return payment


def _needs_detail(executions: list[dict[str, Any]], total: dict[str, Any] | None) -> bool:
    """Whether v0 needs PaymentExecutionDetail to say what the executions say (module docstring)."""
    if any(e.get(ours) for e in executions for ours in _EXECUTION_BACK):
        return True
    amounts = [e.get("paymentAmount") for e in executions]
    if len(executions) == 1:
        paid = amounts[0]
        return paid is not None and not (
            total is not None
            and decimal(paid["amount"]) == decimal(total["amount"])
            and paid["currencyCode"] == total["currencyCode"]
        )
    return any(amounts)


def _tax_collection(given: dict[str, Any], where: str) -> dict[str, Any] | None:
    """v0's TaxCollection for the item's tax.taxCollections; 400 when v0's model cannot hold them."""
    collections = (given.get("tax") or {}).get("taxCollections") or []
    if not collections:
        return None
    if len(collections) > 1:
        raise invalid_input(
            f"{where}.tax.taxCollections has {len(collections)} entries: v0 holds one per item."
        )
    collection, place = collections[0], f"{where}.tax.taxCollections[0]"
    spec = orders_model()["definitions"]["TaxCollection"]["properties"]
    found: dict[str, Any] = {}
    if collection.get("model"):
        models = v0_words("TaxCollection", "Model")
        if collection["model"] not in models:
            raise invalid_input(
                f"{place}.model {collection['model']!r} has no v0 TaxCollection.Model "
                f"(v0 knows {', '.join(models)})."
            )
        found["Model"] = models[collection["model"]]
    party = collection.get("responsibleParty")
    if party:
        if party not in spec["ResponsibleParty"]["enum"]:
            raise invalid_input(
                f"{place}.responsibleParty {party!r} is not one v0's TaxCollection names "
                f"({', '.join(spec['ResponsibleParty']['enum'])})."
            )
        found["ResponsibleParty"] = party
    return found or None


def _buyer_info(buyer: dict[str, Any]) -> dict[str, Any]:
    info: dict[str, Any] = {}
    if buyer.get("buyerEmail"):
        info["BuyerEmail"] = buyer["buyerEmail"]
    if buyer.get("buyerName"):
        info["BuyerName"] = buyer["buyerName"]
    if buyer.get("buyerCompanyName"):
        info["BuyerTaxInfo"] = {"CompanyLegalName": buyer["buyerCompanyName"]}
    if buyer.get("buyerPurchaseOrderNumber"):
        info["PurchaseOrderNumber"] = buyer["buyerPurchaseOrderNumber"]
    return info


def _address(address: dict[str, Any]) -> dict[str, Any]:
    shown = {theirs: address[ours] for ours, theirs in _ADDRESS_BACK.items() if address.get(ours)}
    extended = address.get("extendedFields") or {}
    fields = {theirs: extended[ours] for ours, theirs in _EXTENDED_BACK.items() if extended.get(ours)}
    if fields:
        shown["ExtendedFields"] = fields
    kind = v0_words("Address", "AddressType").get(address.get("addressType", ""))
    if kind:
        shown["AddressType"] = kind
    return shown


def _item(given: dict[str, Any], status: str, programs: set[str], where: str) -> dict[str, Any]:
    product = given["product"]
    if not product.get("asin"):
        raise invalid_input(f"{where}.product.asin is required (it is v0's ASIN).")
    fulfillment = given.get("fulfillment") or {}
    ordered = given["quantityOrdered"]
    shipped = fulfillment.get("quantityFulfilled")
    if shipped is None:
        shipped = ordered if status == "SHIPPED" else 0
    item: dict[str, Any] = {"ASIN": product["asin"]}
    if product.get("sellerSku"):
        item["SellerSKU"] = product["sellerSku"]
    item["OrderItemId"] = given["orderItemId"]
    if product.get("title"):
        item["Title"] = product["title"]
    item["QuantityOrdered"] = ordered
    item["QuantityShipped"] = shipped
    item.update(_prices(given))
    buyer: dict[str, Any] = {k: item.pop(k) for k in ("GiftWrapPrice", "GiftWrapTax") if k in item}
    gift = (fulfillment.get("packing") or {}).get("giftOption") or {}
    if gift.get("giftMessage"):
        buyer["GiftMessageText"] = gift["giftMessage"]
    if gift.get("giftWrapLevel"):
        buyer["GiftWrapLevel"] = gift["giftWrapLevel"]
    if buyer:
        item["BuyerInfo"] = buyer
    item["IsGift"] = "true" if gift else "false"
    condition = product.get("condition") or {}
    if condition.get("conditionType"):
        item["ConditionId"] = v0_words("OrderItem", "ConditionId").get(condition["conditionType"]) or _camel(
            condition["conditionType"]
        )
    if condition.get("conditionSubtype"):
        subtype = condition["conditionSubtype"]
        item["ConditionSubtypeId"] = v0_words("OrderItem", "ConditionSubtypeId").get(subtype) or _camel(
            subtype
        )
    if condition.get("conditionNote"):
        item["ConditionNote"] = condition["conditionNote"]
    designation = (product.get("price") or {}).get("priceDesignation")
    if designation:
        item["PriceDesignation"] = designation
    if product.get("serialNumbers"):
        item["SerialNumbers"] = list(product["serialNumbers"])
    item_programs = given.get("programs") or []
    item["IsTransparency"] = "TRANSPARENCY" in item_programs
    amazon_programs = [p for p in item_programs if p == "SUBSCRIBE_AND_SAVE"]
    amazon_programs += [p for p in ORDER_ITEM_PROGRAMS if p in programs]
    if amazon_programs:
        item["AmazonPrograms"] = {"Programs": amazon_programs}
    if (fulfillment.get("packing") or {}).get("serialNumberRequirement", {}).get(
        "requirementType"
    ) == "REQUIRED":
        item["SerialNumberRequired"] = True
    window = (fulfillment.get("shipping") or {}).get("scheduledDeliveryWindow") or {}
    if window.get("earliestDateTime"):
        item["ScheduledDeliveryStartDate"] = _time(window["earliestDateTime"], f"{where}.fulfillment")
    if window.get("latestDateTime"):
        item["ScheduledDeliveryEndDate"] = _time(window["latestDateTime"], f"{where}.fulfillment")
    promotions = [
        p["promotionId"]
        for p in (given.get("promotion") or {}).get("breakdowns") or []
        if p.get("promotionId")
    ]
    if promotions:
        item["PromotionIds"] = promotions
    collection = _tax_collection(given, where)
    if collection:
        item["TaxCollection"] = collection
    request = (given.get("cancellation") or {}).get("cancellationRequest")
    if request:
        item["BuyerRequestedCancel"] = {"IsBuyerRequestedCancel": "true"}
        if request.get("cancelReason"):
            item["BuyerRequestedCancel"]["BuyerCancelReason"] = request["cancelReason"]
    points = ((given.get("expense") or {}).get("pointsCost") or {}).get("pointsGranted")
    if points:
        item["PointsGranted"] = {
            k: v
            for k, v in (
                ("PointsNumber", points.get("pointsNumber")),
                (
                    "PointsMonetaryValue",
                    _v0_money(points["pointsMonetaryValue"]) if points.get("pointsMonetaryValue") else None,
                ),
            )
            if v is not None
        }
    measurement = given.get("measurement")
    if measurement:
        item["Measurement"] = {"Unit": measurement["unit"], "Value": measurement["value"]}
    return item


def _prices(given: dict[str, Any]) -> dict[str, Any]:
    """v0's price fields from the item's proceeds breakdowns (or its unit price times the quantity).

    A TAX or DISCOUNT detail of a subtype v0 has no field for counts as the item's own (ItemTax,
    PromotionDiscount), so the totals stay whole."""
    sums: dict[str, tuple[Decimal, str]] = {}

    def add(name: str, value: dict[str, Any], negate: bool = False) -> None:
        amount = decimal(value["amount"])
        earlier = sums.get(name, (Decimal(), value["currencyCode"]))
        sums[name] = (earlier[0] + (-amount if negate else amount), value["currencyCode"])

    for breakdown in (given.get("proceeds") or {}).get("breakdowns") or []:
        kind, subtotal = breakdown["type"], breakdown["subtotal"]
        if kind == GIFT_WRAP:
            add("GiftWrapPrice", subtotal)
        elif kind in _PRICE_BACK:
            add(_PRICE_BACK[kind], subtotal)
        elif kind in (TAX, DISCOUNT):
            back = _TAX_BACK if kind == TAX else _DISCOUNT_BACK
            details = breakdown.get("detailedBreakdowns") or [{"subtype": ITEM, "value": subtotal}]
            for detail in details:
                if detail.get("value"):
                    name = back.get(detail.get("subtype", ""), back[ITEM])
                    add(name, detail["value"], negate=kind == DISCOUNT or name == _TAX_BACK[DISCOUNT])
    prices = {
        name: {"CurrencyCode": currency, "Amount": format(amount, "f")}
        for name, (amount, currency) in sums.items()
    }
    unit = ((given.get("product") or {}).get("price") or {}).get("unitPrice")
    if "ItemPrice" not in prices and unit:
        amount = decimal(unit["amount"]) * Decimal(given["quantityOrdered"])
        prices["ItemPrice"] = {"CurrencyCode": unit["currencyCode"], "Amount": format(amount, "f")}
    return prices
