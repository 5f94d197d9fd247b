"""Small scenario documents for the tests, in the scenario file format of DESIGN.md."""

from __future__ import annotations

from typing import Any

from amazon_orders.settings import IMPORT_DAG_ID, RECONCILIATION_DAG_ID

NOW = "2026-11-20T12:00:00Z"
STORE = "US Store"
UK = "A1F83G8C2ARO7P"


def store(name: str = STORE, seller_id: str = "A2SELLERUS", **settings: Any) -> dict:
    return {
        "name": name,
        "seller_id": seller_id,
        "marketplace_id": "ATVPDKIKX0DER",
        "integrated_at": "2026-11-01T00:00:00Z",
        **settings,
    }


def product(sku: str, qty: int = 10, enabled: bool = True, price: str = "10.00") -> dict:
    return {"sku": sku, "name": f"Product {sku}", "price": price, "enabled": enabled, "qty": qty}


def listing(sku: str | None, seller_sku: str | None = None, store_name: str = STORE) -> dict:
    return {"store": store_name, "seller_sku": seller_sku or f"AMZ-{sku}", "asin": "B0TEST0001", "sku": sku}


def order(
    number: int,
    *lines: tuple[str, int],
    status: str = "Unshipped",
    channel: str = "MFN",
    purchased: str = "2026-11-20T10:00:00Z",
    store_name: str = STORE,
    currency: str = "USD",
    **fields: Any,
) -> dict:
    """An Amazon order of `lines` (seller SKU, quantity), each line priced 10.00 a unit."""
    order_id = f"111-{number:07d}-{number:07d}"
    items = [
        {
            "OrderItemId": f"{number:07d}{i:07d}",
            "ASIN": "B0TEST0001",
            "SellerSKU": seller_sku,
            "QuantityOrdered": qty,
            "ItemPrice": {"CurrencyCode": currency, "Amount": f"{10 * qty:.2f}"},
        }
        for i, (seller_sku, qty) in enumerate(lines, start=1)
    ]
    total = sum(10 * qty for _, qty in lines)
    return {
        "store": store_name,
        "order": {
            "AmazonOrderId": order_id,
            "PurchaseDate": purchased,
            "LastUpdateDate": purchased,
            "OrderStatus": status,
            "FulfillmentChannel": channel,
            "MarketplaceId": "ATVPDKIKX0DER",
            "OrderTotal": {"CurrencyCode": currency, "Amount": f"{total:.2f}"},
            **fields,
        },
        "items": items,
    }


# Orders with the complete money (issue 19), as Amazon's v0 answers carry it.
def money(amount: str, currency: str = "USD") -> dict:
    return {"CurrencyCode": currency, "Amount": amount}


def us_order(number: int = 1, **fields) -> dict:
    """2 mugs at 10.00 with 8.25% tax, 4.99 shipping, a 2.00 promotion: Amazon charges 24.88."""
    document = order(number, ("AMZ-MUG", 2), **fields)
    document["order"]["OrderTotal"] = money("24.88")
    document["items"][0].update(
        ItemTax=money("1.65"),
        ShippingPrice=money("4.99"),
        ShippingTax=money("0.41"),
        PromotionDiscount=money("2.00"),
        PromotionDiscountTax=money("0.17"),
        PromotionIds=["SPRING-2"],
        TaxCollection={"Model": "MarketplaceFacilitator", "ResponsibleParty": "Amazon Services, Inc."},
    )
    return document


def uk_order(number: int = 2, store_name: str = "UK Store") -> dict:
    """A UK mug at 24.00 including 4.00 VAT, 3.60 shipping including 0.60 VAT: 27.60 in pounds."""
    document = order(number, ("AMZ-MUG", 1), currency="GBP", MarketplaceId=UK, store_name=store_name)
    document["order"]["OrderTotal"] = money("27.60", "GBP")
    document["items"][0].update(
        ItemPrice=money("24.00", "GBP"),
        ItemTax=money("4.00", "GBP"),
        ShippingPrice=money("3.60", "GBP"),
        ShippingTax=money("0.60", "GBP"),
    )
    return document


def world(
    *orders: dict,
    stores: list[dict] | None = None,
    catalog: list[dict] | None = None,
    listings: list[dict] | None = None,
    steps: list[dict] | None = None,
) -> dict:
    document = {
        "now": NOW,
        "stores": stores or [store()],
        "catalog": catalog or [],
        "listings": listings or [],
        "orders": list(orders),
    }
    if steps is not None:
        document["steps"] = steps
    return document


IMPORT = {"run": IMPORT_DAG_ID}
RECONCILE = {"run": RECONCILIATION_DAG_ID}
