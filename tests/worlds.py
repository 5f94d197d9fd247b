"""Small scenario documents for the tests, in the scenario file format of DESIGN.md."""

from __future__ import annotations

from typing import Any

from amazon_orders.settings import IMPORT_DAG_ID, RECONCILIATION_DAG_ID

NOW = "2026-11-20T12:00:00Z"
STORE = "US Store"


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
