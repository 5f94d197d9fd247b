"""Scenario documents with stocks beside the default one (issue 20): a US store selling from the
default stock (source `default`) and a UK store selling from `eu_stock` (source `uk_warehouse`)."""

from __future__ import annotations

from typing import Any

from amazon_orders import db
from tests.views import query
from tests.worlds import STORE, UK, listing, order, store, world

UK_STORE = "UK Store"
EU_STOCK = {"code": "eu_stock", "sources": ["uk_warehouse"], "stores": [UK_STORE]}


def uk_store(**settings: Any) -> dict:
    """The UK store, on a Commerce store view of its own (a store view's website sells from one stock)."""
    return store(UK_STORE, seller_id="A2SELLERUK", marketplace_id=UK, **{"store_view": "uk", **settings})


def uk_order(number: int, *lines: tuple[str, int], **fields: Any) -> dict:
    return order(number, *lines, store_name=UK_STORE, MarketplaceId=UK, **fields)


def sold_in_both(*skus: str) -> list[dict]:
    """Each product listed in both stores, as AMZ-<sku>."""
    return [listing(sku, store_name=name) for sku in skus for name in (STORE, UK_STORE)]


def stocked(sku: str, price: str = "10.00", **stock: Any) -> dict:
    """A product with its stock as the scenario gives it: qty, sources, manage_stock, backorders."""
    return {"sku": sku, "name": f"Product {sku}", "price": price, **stock}


def two_stocks(
    *orders: dict,
    catalog: list[dict],
    stocks: list[dict] | None = None,
    stores: list[dict] | None = None,
    listings: list[dict] | None = None,
    steps: list[dict] | None = None,
) -> dict:
    document = world(
        *orders,
        stores=stores or [store(), uk_store()],
        catalog=catalog,
        listings=listings or sold_in_both(*(p["sku"] for p in catalog)),
        steps=steps,
    )
    document["commerce"] = {"stocks": [EU_STOCK] if stocks is None else stocks}
    return document


def stock_id(conn: db.Connection, name: str) -> int:
    return query(conn, "SELECT stock_id FROM commerce.inventory_stock WHERE name = %s", (name,))[0][
        "stock_id"
    ]


def shelf(conn: db.Connection, sku: str) -> dict[str, float]:
    """A product's quantity per source."""
    rows = query(
        conn, "SELECT source_code, quantity FROM commerce.inventory_source_item WHERE sku = %s", (sku,)
    )
    return {r["source_code"]: float(r["quantity"]) for r in rows}


def shipment_sources(conn: db.Connection) -> list[tuple[str, str, float]]:
    """(source, sku, qty) of what the shipments took off which shelf, in shipment order."""
    rows = query(
        conn,
        "SELECT source_code, sku, qty FROM commerce.inventory_shipment_source ORDER BY shipment_id, 1, 2",
    )
    return [(r["source_code"], r["sku"], float(r["qty"])) for r in rows]


def ledger_by_stock(conn: db.Connection, sku: str) -> dict[int, float]:
    rows = query(
        conn,
        "SELECT stock_id, sum(quantity) AS q FROM commerce.inventory_reservation WHERE sku = %s GROUP BY 1",
        (sku,),
    )
    return {r["stock_id"]: float(r["q"]) for r in rows}
