"""Synthetic sellers: N order lines over several stores sharing a catalog, written with COPY.

About 10% of orders are blocked, spread over the four reasons (unmatched listings,
disabled products, products out of stock, lines priced in another currency), and about
5% are Amazon-fulfilled and shipped. Rows are generated and copied in chunks, so memory
does not grow with N.
"""

from __future__ import annotations

import io
import json
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from psycopg2.extras import RealDictCursor

from amazon_orders import db
from amazon_orders.db import Connection
from local_harness.scenario.world import store_row

STORES = 3
MARKETPLACE = "ATVPDKIKX0DER"
TAX_RATE = Decimal("0.0825")
# The money fields of a line beside ItemPrice, in bench/copy_order_items' column order.
MONEY_FIELDS = ("ItemTax", "ShippingPrice", "ShippingTax", "PromotionDiscount", "PromotionDiscountTax")
CENT = Decimal("0.01")
INTEGRATED = datetime(2026, 11, 1, tzinfo=UTC)
CHUNK_ORDERS = 20_000


def catalog_size(lines: int) -> int:
    return max(200, lines // 50)


def _stock_of_its_own(cur: RealDictCursor, n: int) -> str:
    """Store n's own stock (a source, a website, a store view); returns the store view's code."""
    view = f"bench_{n}"
    cur.execute(db.sql("world/upsert_stock"), {"name": f"bench_stock_{n}", "website": view})
    stock_id = cur.fetchone()["stock_id"]
    cur.execute(
        db.sql("world/link_source"), {"stock_id": stock_id, "source": f"bench_source_{n}", "priority": 1}
    )
    cur.execute(db.sql("world/add_store_view"), {"store_view": view, "base_currency": "USD", "website": view})
    return view


def write_world(conn: Connection, lines: int, stocks: int = 1) -> None:
    """Stores, catalog (with stock) and listings for a world of `lines` order lines; `stocks`: 1 (the
    default stock for every store) or STORES (each store sells from a stock of its own)."""
    if stocks not in (1, STORES):
        raise ValueError(f"stocks: 1 or {STORES}, not {stocks}")
    products = catalog_size(lines)
    with db.transaction(conn) as cur:
        for n in range(1, STORES + 1):
            view = _stock_of_its_own(cur, n) if stocks > 1 else "default"
            cur.execute(
                db.sql("world/upsert_store"),
                store_row(
                    {
                        "name": f"Bench Store {n}",
                        "seller_id": f"A2BENCH{n}",
                        "marketplace_id": MARKETPLACE,
                        "integrated_at": INTEGRATED,
                        "store_view": view,
                    }
                ),
            )
        rows = io.StringIO()
        for k in range(products):
            status = 2 if k % 125 == 7 else 1  # about 0.8% disabled
            rows.write(f"P{k:07d}\tProduct {k}\t10.00\t{status}\n")
        rows.seek(0)
        cur.copy_expert(db.sql("bench/copy_products"), rows)
        cur.execute(db.sql("bench/seed_stock" if stocks == 1 else "bench/seed_stock_per_store"))
        cur.execute(db.sql("bench/seed_listings"))


def _orders(lines: int, first: int, seed: int) -> Iterator[tuple[dict, list[dict], int]]:
    rng = random.Random(seed)
    products = catalog_size(lines)
    made, number = 0, first
    start = INTEGRATED + timedelta(days=1)
    while made < lines:
        count = min(rng.randint(1, 5), lines - made)
        afn = rng.random() < 0.05
        promoted = rng.random() < 0.1
        order_id = f"9{number % STORES}{number:012d}"
        currency = "USD"
        items = []
        for i in range(count):
            roll = rng.random()
            sku = f"S-P{rng.randrange(products):07d}" if roll > 0.012 else f"S-UNLISTED-{rng.randrange(50)}"
            price_currency = "EUR" if 0.012 < roll < 0.018 else currency
            qty = rng.randint(1, 3)
            money = _line_money(qty, first_line=i == 0, promoted=promoted)
            items.append(
                {
                    "OrderItemId": f"{number:010d}{i:04d}",
                    "ASIN": "B0BENCH",
                    "SellerSKU": sku,
                    "QuantityOrdered": qty,
                    "QuantityShipped": qty if afn else 0,
                    "ItemPrice": {"CurrencyCode": price_currency, "Amount": f"{10 * qty:.2f}"},
                    **{field: {"CurrencyCode": currency, "Amount": str(v)} for field, v in money.items()},
                    "TaxCollection": {
                        "Model": "MarketplaceFacilitator",
                        "ResponsibleParty": "Amazon Services, Inc.",
                    },
                    "PromotionIds": ["BENCH-PROMO"] if promoted and i == 0 else [],
                }
            )
        when = (start + timedelta(seconds=number * 7)).strftime("%Y-%m-%dT%H:%M:%SZ")
        order = {
            "AmazonOrderId": order_id,
            "PurchaseDate": when,
            "LastUpdateDate": when,
            "OrderStatus": "Shipped" if afn else "Unshipped",
            "FulfillmentChannel": "AFN" if afn else "MFN",
            "MarketplaceId": MARKETPLACE,
            "OrderTotal": {"CurrencyCode": currency, "Amount": str(sum(map(_charged, items), Decimal(0)))},
            "PaymentMethodDetails": ["Standard"],
        }
        yield order, items, number % STORES + 1
        made += count
        number += 1


def _line_money(qty: int, first_line: bool, promoted: bool) -> dict[str, Decimal]:
    """A US line's money beside its price (10.00 a unit): 8.25% tax, the order's shipping on its
    first line, and now and then a 1.00 promotion."""
    price = Decimal(10 * qty)
    shipping = Decimal("4.99") if first_line else Decimal(0)
    promotion = Decimal("1.00") if promoted and first_line else Decimal(0)
    return {
        "ItemTax": (price * TAX_RATE).quantize(CENT),
        "ShippingPrice": shipping,
        "ShippingTax": (shipping * TAX_RATE).quantize(CENT),
        "PromotionDiscount": promotion,
        "PromotionDiscountTax": (promotion * TAX_RATE).quantize(CENT),
    }


def _charged(item: dict) -> Decimal:
    """What Amazon charges for a US line: its price and shipping, their tax, less the promotion."""
    amount = {k: Decimal(v["Amount"]) for k, v in item.items() if isinstance(v, dict) and "Amount" in v}
    return (
        amount["ItemPrice"]
        + amount["ItemTax"]
        + amount["ShippingPrice"]
        + amount["ShippingTax"]
        - amount["PromotionDiscount"]
        - amount["PromotionDiscountTax"]
    )


def write_orders(conn: Connection, lines: int, first: int = 0, seed: int = 7) -> int:
    """Amazon orders and items totalling `lines` lines, as the extract step would store them."""
    orders_made = 0
    batch: list[tuple[dict, list[dict], int]] = []

    def flush() -> None:
        order_rows, item_rows = io.StringIO(), io.StringIO()
        for order, items, store_id in batch:
            order_rows.write(
                "\t".join(
                    [
                        order["AmazonOrderId"],
                        str(store_id),
                        order["PurchaseDate"],
                        order["LastUpdateDate"],
                        order["OrderStatus"],
                        order["FulfillmentChannel"],
                        MARKETPLACE,
                        order["OrderTotal"]["Amount"],
                        "USD",
                        "{Standard}",
                        _copy_text(json.dumps(order)),
                    ]
                )
                + "\n"
            )
            for item in items:
                item_rows.write(
                    "\t".join(
                        [
                            order["AmazonOrderId"],
                            item["OrderItemId"],
                            item["SellerSKU"],
                            "B0BENCH",
                            str(item["QuantityOrdered"]),
                            str(item["QuantityShipped"]),
                            item["ItemPrice"]["Amount"],
                            item["ItemPrice"]["CurrencyCode"],
                            *(item[field]["Amount"] for field in MONEY_FIELDS),
                            "MARKETPLACE_FACILITATOR",
                            "Amazon Services, Inc.",
                            "{" + ",".join(item["PromotionIds"]) + "}",
                            _copy_text(json.dumps(item)),
                        ]
                    )
                    + "\n"
                )
        order_rows.seek(0)
        item_rows.seek(0)
        with db.transaction(conn) as cur:
            cur.copy_expert(db.sql("bench/copy_orders"), order_rows)
            cur.copy_expert(db.sql("bench/copy_order_items"), item_rows)
        batch.clear()

    for entry in _orders(lines, first, seed):
        batch.append(entry)
        orders_made += 1
        if len(batch) >= CHUNK_ORDERS:
            flush()
    if batch:
        flush()
    return orders_made


def _copy_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
