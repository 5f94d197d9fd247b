"""Realistic Order/OrderItem objects (shaped like ordersV0.json) for tests, demos and benchmarks.

Money adds up as Amazon's does. Where a marketplace's prices exclude tax (the US, Canada, Mexico:
`marketplaces.prices_include_tax`) the tax is added on top:

    OrderTotal = sum over items of ItemPrice + ItemTax + ShippingPrice + ShippingTax + GiftWrapPrice
                 + GiftWrapTax + CODFee - CODFeeDiscount - PromotionDiscount - PromotionDiscountTax
                 - ShippingDiscount - ShippingDiscountTax

Elsewhere prices include VAT/GST and each tax is the part of its price that is tax (20% VAT of a UK
price P is P/6):

    OrderTotal = sum over items of ItemPrice + ShippingPrice + GiftWrapPrice + CODFee - CODFeeDiscount
                 - PromotionDiscount - ShippingDiscount

Every amount is worked out to the currency's minor unit first (half up), and the total is the sum of
the rounded amounts, so it adds up to the cent. US items carry Amazon's TaxCollection (marketplace
facilitator: Amazon Services, Inc. collects and remits the sales tax).

Generation is deterministic: the same number gives the same order. By the order's number, now and
then: number % 7 == 2 has a 10% promotion on its first line (PromotionIds ["SAVE10"]), 3 a free-
shipping promotion on every line (["FREESHIP"]), 5 a gift-wrapped first line; the rest none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from amazon_orders.sp_api.model.marketplaces import prices_include_tax
from amazon_orders.sp_api.model.timestamps import format_amazon_time

US_MARKETPLACE = "ATVPDKIKX0DER"
CA_MARKETPLACE = "A2EUQ1WTGCTBG2"
MX_MARKETPLACE = "A1AM78C64UM0Y8"
UK_MARKETPLACE = "A1F83G8C2ARO7P"
DE_MARKETPLACE = "A1PA6795UKMFR9"
FR_MARKETPLACE = "A13V1IB3VIYZZH"
IT_MARKETPLACE = "APJ6JRA9NG5V4"
ES_MARKETPLACE = "A1RKKUPIHCS9HS"
JP_MARKETPLACE = "A1VC38T7YXB528"

# Amazon's marketplace facilitator in the US (the one ResponsibleParty ordersV0.json's TaxCollection names).
US_TAX_COLLECTION = {"Model": "MarketplaceFacilitator", "ResponsibleParty": "Amazon Services, Inc."}

# Promotions by the order's number (number % 7).
ITEM_PROMOTION, FREE_SHIPPING, GIFT_WRAP = 2, 3, 5
ITEM_PROMOTION_ID, FREE_SHIPPING_ID = "SAVE10", "FREESHIP"
ITEM_PROMOTION_SHARE = Decimal("0.10")


@dataclass(frozen=True)
class Marketplace:
    sales_channel: str
    currency: str
    tax_rate: Decimal  # sales tax added on top, or the VAT/GST inside the prices
    minor_unit: Decimal  # 0.01, or 1 for a currency without cents (JPY)
    city: str
    region: str
    postal_code: str
    country: str


MARKETPLACES = {
    US_MARKETPLACE: Marketplace(
        "Amazon.com", "USD", Decimal("0.10"), Decimal("0.01"), "Seattle", "WA", "98101", "US"
    ),
    CA_MARKETPLACE: Marketplace(
        "Amazon.ca", "CAD", Decimal("0.13"), Decimal("0.01"), "Toronto", "ON", "M5V 2T6", "CA"
    ),
    MX_MARKETPLACE: Marketplace(
        "Amazon.com.mx", "MXN", Decimal("0.16"), Decimal("0.01"), "Ciudad de México", "CDMX", "06600", "MX"
    ),
    UK_MARKETPLACE: Marketplace(
        "Amazon.co.uk", "GBP", Decimal("0.20"), Decimal("0.01"), "London", "London", "EC1A 1BB", "GB"
    ),
    DE_MARKETPLACE: Marketplace(
        "Amazon.de", "EUR", Decimal("0.19"), Decimal("0.01"), "Berlin", "Berlin", "10117", "DE"
    ),
    FR_MARKETPLACE: Marketplace(
        "Amazon.fr", "EUR", Decimal("0.20"), Decimal("0.01"), "Paris", "Paris", "75001", "FR"
    ),
    IT_MARKETPLACE: Marketplace(
        "Amazon.it", "EUR", Decimal("0.22"), Decimal("0.01"), "Roma", "RM", "00184", "IT"
    ),
    ES_MARKETPLACE: Marketplace(
        "Amazon.es", "EUR", Decimal("0.21"), Decimal("0.01"), "Madrid", "Madrid", "28013", "ES"
    ),
    JP_MARKETPLACE: Marketplace(
        "Amazon.co.jp", "JPY", Decimal("0.10"), Decimal("1"), "Tokyo", "Tokyo", "100-0001", "JP"
    ),
}

# The money fields of an OrderItem that add to the total and those that take from it ("BuyerInfo.X": under
# the item's BuyerInfo), by whether the marketplace's prices include the tax.
ADDED_EXCLUDING_TAX = (
    "ItemPrice",
    "ItemTax",
    "ShippingPrice",
    "ShippingTax",
    "BuyerInfo.GiftWrapPrice",
    "BuyerInfo.GiftWrapTax",
    "CODFee",
)
TAKEN_EXCLUDING_TAX = (
    "CODFeeDiscount",
    "PromotionDiscount",
    "PromotionDiscountTax",
    "ShippingDiscount",
    "ShippingDiscountTax",
)
ADDED_INCLUDING_TAX = ("ItemPrice", "ShippingPrice", "BuyerInfo.GiftWrapPrice", "CODFee")
TAKEN_INCLUDING_TAX = ("CODFeeDiscount", "PromotionDiscount", "ShippingDiscount")


@dataclass(frozen=True)
class SampleOrder:
    order: dict[str, Any]
    items: list[dict[str, Any]]

    @property
    def order_id(self) -> str:
        return self.order["AmazonOrderId"]


def amazon_order_id(number: int) -> str:
    """3-7-7 digits, as Amazon numbers orders."""
    return f"114-{number // 10**7 % 10**7:07d}-{number % 10**7:07d}"


def marketplace(marketplace_id: str) -> Marketplace:
    """The facts a sample order of the marketplace uses (the US ones for a marketplace not listed)."""
    return MARKETPLACES.get(marketplace_id, MARKETPLACES[US_MARKETPLACE])


def sample_order(
    number: int,
    last_update: datetime,
    *,
    purchase: datetime | None = None,
    status: str = "Unshipped",
    marketplace_id: str = US_MARKETPLACE,
    item_quantities: tuple[int, ...] = (1,),
    currency: str | None = None,
) -> SampleOrder:
    """Order `number` (its id from the number), in the marketplace's currency unless `currency` says."""
    place = marketplace(marketplace_id)
    money = _Money(
        currency or place.currency, place.minor_unit, place.tax_rate, prices_include_tax(marketplace_id)
    )
    order_id = amazon_order_id(number)
    items = [
        _item(order_id, number, line, quantity, money, marketplace_id)
        for line, quantity in enumerate(item_quantities, 1)
    ]
    purchased = purchase or last_update - timedelta(minutes=5)
    order = {
        "AmazonOrderId": order_id,
        "PurchaseDate": format_amazon_time(purchased),
        "LastUpdateDate": format_amazon_time(last_update),
        "OrderStatus": status,
        "FulfillmentChannel": "MFN",
        "SalesChannel": place.sales_channel,
        "ShipServiceLevel": f"Std {place.country} D2D Dom",
        "OrderTotal": money.of(order_total(items, marketplace_id)),
        "NumberOfItemsShipped": 0,
        "NumberOfItemsUnshipped": sum(item_quantities),
        "PaymentMethod": "Other",
        "PaymentMethodDetails": ["Standard"],
        "MarketplaceId": marketplace_id,
        "ShipmentServiceLevelCategory": "Standard",
        "OrderType": "StandardOrder",
        "EarliestShipDate": format_amazon_time(purchased + timedelta(days=1)),
        "LatestShipDate": format_amazon_time(purchased + timedelta(days=3)),
        "IsBusinessOrder": False,
        "IsPrime": False,
        "IsPremiumOrder": False,
        "IsGlobalExpressEnabled": False,
        "IsReplacementOrder": False,
        "IsSoldByAB": False,
        "IsISPU": False,
        "IsAccessPointOrder": False,
        "ShippingAddress": {
            "Name": f"Buyer {number}",
            "AddressLine1": f"{number % 900 + 100} Main St",
            "City": place.city,
            "StateOrRegion": place.region,
            "PostalCode": place.postal_code,
            "CountryCode": place.country,
            "AddressType": "Residential",
        },
        "BuyerInfo": {"BuyerEmail": f"buyer{number}@marketplace.amazon.com", "BuyerName": f"Buyer {number}"},
    }
    return SampleOrder(order, items)


def order_total(items: list[dict[str, Any]], marketplace_id: str) -> Decimal:
    """What Amazon charges for the items: the marketplace's rule (module docstring), exactly."""
    including = prices_include_tax(marketplace_id)
    added = ADDED_INCLUDING_TAX if including else ADDED_EXCLUDING_TAX
    taken = TAKEN_INCLUDING_TAX if including else TAKEN_EXCLUDING_TAX
    total = Decimal()
    for item in items:
        total += sum((_amount(item, name) for name in added), Decimal())
        total -= sum((_amount(item, name) for name in taken), Decimal())
    return total


def _amount(item: dict[str, Any], name: str) -> Decimal:
    holder: Any = item
    for part in name.split("."):
        holder = holder.get(part) if isinstance(holder, dict) else None
    return Decimal(holder["Amount"]) if isinstance(holder, dict) and "Amount" in holder else Decimal()


@dataclass(frozen=True)
class _Money:
    currency: str
    minor_unit: Decimal
    tax_rate: Decimal
    prices_include_tax: bool

    def round(self, amount: Decimal) -> Decimal:
        return amount.quantize(self.minor_unit, rounding=ROUND_HALF_UP)

    def price(self, amount: str) -> Decimal:
        """A price written in dollars (11.99) in this currency: 11.99, or 1199 yen."""
        return self.round(Decimal(amount) * (1 if self.minor_unit == Decimal("0.01") else 100))

    def tax_of(self, price: Decimal) -> Decimal:
        """The tax of a price: added on top (price x rate), or the part of it that is tax."""
        if self.prices_include_tax:
            return self.round(price * self.tax_rate / (1 + self.tax_rate))
        return self.round(price * self.tax_rate)

    def of(self, amount: Decimal) -> dict[str, str]:
        return {"CurrencyCode": self.currency, "Amount": format(self.round(amount), "f")}


def _item(
    order_id: str, number: int, line: int, quantity: int, money: _Money, marketplace_id: str
) -> dict[str, Any]:
    price = money.price(f"{10 + line}.99") * quantity
    shipping = money.price("4.99")
    promotion = (
        money.round(price * ITEM_PROMOTION_SHARE) if number % 7 == ITEM_PROMOTION and line == 1 else None
    )
    free_shipping = number % 7 == FREE_SHIPPING
    gift_wrap = money.price("2.99") if number % 7 == GIFT_WRAP and line == 1 else None
    item: dict[str, Any] = {
        "ASIN": f"B0{line:08d}",
        "SellerSKU": f"SKU-{line:04d}",
        "OrderItemId": f"{order_id.replace('-', '')[-8:]}{line:06d}",
        "Title": f"Sample product {line}",
        "QuantityOrdered": quantity,
        "QuantityShipped": 0,
        "ProductInfo": {"NumberOfItems": "1"},
        "ItemPrice": money.of(price),
        "ItemTax": money.of(money.tax_of(price)),
        "ShippingPrice": money.of(shipping),
        "ShippingTax": money.of(money.tax_of(shipping)),
        "ShippingDiscount": money.of(shipping if free_shipping else Decimal()),
        "ShippingDiscountTax": money.of(money.tax_of(shipping) if free_shipping else Decimal()),
        "PromotionDiscount": money.of(promotion or Decimal()),
        "PromotionDiscountTax": money.of(money.tax_of(promotion) if promotion else Decimal()),
    }
    promotions = ([ITEM_PROMOTION_ID] if promotion else []) + ([FREE_SHIPPING_ID] if free_shipping else [])
    if promotions:
        item["PromotionIds"] = promotions
    if marketplace_id == US_MARKETPLACE:
        item["TaxCollection"] = dict(US_TAX_COLLECTION)
    item["IsGift"] = "true" if gift_wrap else "false"
    if gift_wrap:
        item["BuyerInfo"] = {
            "GiftWrapPrice": money.of(gift_wrap),
            "GiftWrapTax": money.of(money.tax_of(gift_wrap)),
            "GiftMessageText": f"Happy birthday from buyer {number}",
            "GiftWrapLevel": "Classic",
        }
    item.update(
        {
            "ConditionId": "New",
            "ConditionSubtypeId": "New",
            "IsTransparency": False,
            "SerialNumberRequired": False,
        }
    )
    return item
