"""Realistic Order/OrderItem objects (shaped like ordersV0.json) for tests, demos and benchmarks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from amazon_orders.sp_api.model.timestamps import format_amazon_time

US_MARKETPLACE = "ATVPDKIKX0DER"


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


def sample_order(
    number: int,
    last_update: datetime,
    *,
    purchase: datetime | None = None,
    status: str = "Unshipped",
    marketplace_id: str = US_MARKETPLACE,
    item_quantities: tuple[int, ...] = (1,),
    currency: str = "USD",
) -> SampleOrder:
    order_id = amazon_order_id(number)
    items = [_item(order_id, line, quantity, currency) for line, quantity in enumerate(item_quantities, 1)]
    total = sum(
        (Decimal(i["ItemPrice"]["Amount"]) + Decimal(i["ShippingPrice"]["Amount"]) for i in items), Decimal()
    )
    purchased = purchase or last_update - timedelta(minutes=5)
    order = {
        "AmazonOrderId": order_id,
        "PurchaseDate": format_amazon_time(purchased),
        "LastUpdateDate": format_amazon_time(last_update),
        "OrderStatus": status,
        "FulfillmentChannel": "MFN",
        "SalesChannel": "Amazon.com",
        "ShipServiceLevel": "Std US D2D Dom",
        "OrderTotal": {"CurrencyCode": currency, "Amount": f"{total:.2f}"},
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
            "City": "Seattle",
            "StateOrRegion": "WA",
            "PostalCode": "98101",
            "CountryCode": "US",
            "AddressType": "Residential",
        },
        "BuyerInfo": {"BuyerEmail": f"buyer{number}@marketplace.amazon.com", "BuyerName": f"Buyer {number}"},
    }
    return SampleOrder(order, items)


def _item(order_id: str, line: int, quantity: int, currency: str) -> dict[str, Any]:
    unit = Decimal(10 + line) + Decimal("0.99")
    return {
        "ASIN": f"B0{line:08d}",
        "SellerSKU": f"SKU-{line:04d}",
        "OrderItemId": f"{order_id.replace('-', '')[-8:]}{line:06d}",
        "Title": f"Sample product {line}",
        "QuantityOrdered": quantity,
        "QuantityShipped": 0,
        "ProductInfo": {"NumberOfItems": "1"},
        "ItemPrice": {"CurrencyCode": currency, "Amount": f"{unit * quantity:.2f}"},
        "ItemTax": {"CurrencyCode": currency, "Amount": f"{unit * quantity * Decimal('0.1'):.2f}"},
        "ShippingPrice": {"CurrencyCode": currency, "Amount": "4.99"},
        "ShippingTax": {"CurrencyCode": currency, "Amount": "0.00"},
        "PromotionDiscount": {"CurrencyCode": currency, "Amount": "0.00"},
        "IsGift": "false",
        "ConditionId": "New",
        "ConditionSubtypeId": "New",
        "IsTransparency": False,
        "SerialNumberRequired": False,
    }
