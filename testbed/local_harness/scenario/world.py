"""The Commerce side of a scenario: stocks, stores, catalog, stock and listings written to Postgres."""

from __future__ import annotations

import logging
from decimal import Decimal

import psycopg2.errors
from psycopg2.extras import Json, RealDictCursor

from amazon_orders import db
from amazon_orders.db import Connection
from amazon_orders.rules import STORE_DEFAULTS, store_prices_include_tax
from local_harness.scenario.format import (
    DEFAULT_SOURCE,
    DEFAULT_STOCK,
    Scenario,
    ScenarioError,
    parse_time,
    website_of,
)

log = logging.getLogger(__name__)

DEFAULT_STOCK_NAME = "Default Stock"  # commerce.inventory_stock's stock 1 (the scenario's `default`)


def store_row(store: dict) -> dict:
    """world/upsert_store's parameters for a store: its settings over the defaults, resolved."""
    settings = {**STORE_DEFAULTS, **store}
    return {
        **settings,
        "prices_include_tax": store_prices_include_tax(settings),
        "shipping_methods": Json(settings["shipping_methods"]),
    }


class _UnknownGroup(Exception):
    """A store's customer_group_id that commerce.customer_group does not have (its foreign key said so)."""

    def __init__(self, number: int, store: dict) -> None:
        self.number, self.store = number, store


def apply(conn: Connection, scenario: Scenario) -> None:
    """Make the database's stocks, stores, catalog, stock, listings, base currency and currency rates
    those of the scenario (one transaction: a store the database refuses leaves nothing written)."""
    try:
        with db.transaction(conn) as cur:
            _write(cur, scenario)
    except _UnknownGroup as unknown:
        groups = ", ".join(
            f"{g['customer_group_id']} {g['customer_group_code']}"
            for g in db.fetch_all(conn, "world/customer_groups")
        )
        raise ScenarioError(
            f"{scenario.source}: stores[{unknown.number}] ({unknown.store['name']}).customer_group_id: "
            f"no customer group {unknown.store['customer_group_id']} in commerce.customer_group "
            f"(there: {groups}); nothing was written"
        ) from None


def _write_stock(cur: RealDictCursor, stock: dict) -> None:
    """A stock, its website and sales channel, and its sources in priority order."""
    name = DEFAULT_STOCK_NAME if stock["code"] == DEFAULT_STOCK else stock["code"]
    cur.execute(db.sql("world/upsert_stock"), {"name": name, "website": website_of(stock)})
    stock_id = cur.fetchone()["stock_id"]
    cur.execute(db.sql("world/unlink_other_sources"), {"stock_id": stock_id, "sources": stock["sources"]})
    for priority, source in enumerate(stock["sources"], start=1):
        cur.execute(
            db.sql("world/link_source"), {"stock_id": stock_id, "source": source, "priority": priority}
        )


def _write(cur: RealDictCursor, scenario: Scenario) -> None:
    base = {"base_currency": scenario.base_currency}
    for stock in scenario.stocks:
        _write_stock(cur, stock)
    for number, store in enumerate(scenario.stores):
        settings = store_row({**store, "integrated_at": parse_time(store["integrated_at"])})
        website = website_of(scenario.stock_of(store["name"]))
        cur.execute(db.sql("world/add_store_view"), {**settings, **base, "website": website})
        try:
            cur.execute(db.sql("world/upsert_store"), settings)
        except psycopg2.errors.ForeignKeyViolation as error:
            if error.diag.constraint_name == "store_customer_group_id_fkey":
                raise _UnknownGroup(number, store) from error
            raise
    for currency, rate in scenario.commerce["currency_rates"].items():
        cur.execute(
            db.sql("world/upsert_currency_rate"),
            {"currency_from": scenario.base_currency, "currency_to": currency, "rate": rate},
        )
    for product in scenario.catalog:
        add_product(cur, product)
    for listing in scenario.listings:
        cur.execute(db.sql("world/match_listing"), {"asin": None, "sku": None, **listing})


def add_product(cur: RealDictCursor, product: dict) -> None:
    """A product with its quantity per source (`qty` is source default's; neither: 0 there) and its
    stock settings (managed, no backorders unless the product says otherwise)."""
    cur.execute(db.sql("world/upsert_product"), {"enabled": True, **product, "price": str(product["price"])})
    quantities = dict(product.get("sources", {}))
    if "qty" in product or not quantities:
        quantities[DEFAULT_SOURCE] = product.get("qty", 0)
    for source, qty in sorted(quantities.items()):
        cur.execute(
            db.sql("world/set_source_quantity"), {"sku": product["sku"], "qty": qty, "source": source}
        )
    cur.execute(
        db.sql("world/set_stock_item"),
        {
            "sku": product["sku"],
            "manage_stock": product.get("manage_stock", True),
            "backorders": 1 if product.get("backorders", False) else 0,
        },
    )
    if "asin" in product:
        cur.execute(
            db.sql("world/set_product_attribute"),
            {"sku": product["sku"], "code": "asin", "value": product["asin"]},
        )


def set_stock(conn: Connection, sku: str, qty: int, source: str = DEFAULT_SOURCE) -> None:
    """A product's quantity in one source (default: source `default`)."""
    if db.execute(conn, "world/set_source_quantity", {"sku": sku, "qty": qty, "source": source}) == 0:
        log.warning("set_stock: no product %r in the catalog; nothing changed", sku)


def set_enabled(conn: Connection, sku: str, enabled: bool) -> None:
    if db.execute(conn, "world/set_product_enabled", {"sku": sku, "enabled": enabled}) == 0:
        log.warning("set_enabled: no product %r in the catalog; nothing changed", sku)


def match_listing(conn: Connection, store: str, seller_sku: str, sku: str | None) -> None:
    if sku is not None and db.fetch_one(conn, "world/find_product", {"sku": sku}) is None:
        log.warning(
            "match_listing: no product %r in the catalog; listing %r stays unmatched", sku, seller_sku
        )
    db.execute(
        conn, "world/match_listing", {"store": store, "seller_sku": seller_sku, "asin": None, "sku": sku}
    )


def set_currency_rate(conn: Connection, base_currency: str, currency: str, rate: Decimal | None) -> None:
    """The rate from the base currency to `currency` (1 base unit = rate x currency); None removes it."""
    pair = {"currency_from": base_currency, "currency_to": currency}
    if rate is None:
        db.execute(conn, "world/delete_currency_rate", pair)
    else:
        db.execute(conn, "world/upsert_currency_rate", {**pair, "rate": rate})
