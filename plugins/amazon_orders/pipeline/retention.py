"""Personal data kept only as long as needed: the buyer's name, email, address and phone leave the
raw Amazon copies (the order's and its items' payloads, the stored SP-API answers, the typed
address and email) once an order is final (shipped, canceled) for longer than the retention
period. Everything else of a copy stays as Amazon sent it; the Commerce order, the merchant's
record, is not touched; the analyst views keep their rows and columns.

Idempotent: a cleaned order is marked, and only cleaned again when fetched again since.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Container, Iterator
from typing import Any

from psycopg2.extras import execute_values

from amazon_orders import db
from amazon_orders.db import Connection
from amazon_orders.rules import AmazonStatus

log = logging.getLogger(__name__)

# Orders that Amazon will not change any more.
FINAL_STATUSES = (AmazonStatus.SHIPPED, AmazonStatus.CANCELED)
# The buyer's personal data in Amazon's answers, by key, wherever it sits in an order's object:
# v0's BuyerInfo fields, ShippingAddress, getOrderBuyerInfo's and getOrderAddress's answers and an
# item's gift message and customisation; v2026's buyer, recipient and an item's gift message.
# GiftWrapPrice and the other money in BuyerInfo stay, as do the gift wrap's level.
PERSONAL_KEYS = frozenset(
    {
        "BuyerEmail",
        "BuyerName",
        "BuyerCounty",
        "BuyerTaxInfo",
        "BuyerTaxInformation",
        "BuyerCompanyName",
        "ShippingAddress",
        "DeliveryPreferences",
        "GiftMessageText",
        "BuyerCustomizedInfo",
        "buyer",
        "recipient",
        "giftMessage",
    }
)
# The keys that name the order an object is about (v0, v2026).
ORDER_ID_KEYS = ("AmazonOrderId", "orderId")
BATCH = 1000


def without_personal_data(node: Any, orders: Container[str], inside: bool = False) -> Any:
    """`node` with the personal keys removed from every object about one of `orders` (an object
    naming the order, and everything in it); `inside`: the node already belongs to such an order."""
    if isinstance(node, list):
        return [without_personal_data(n, orders, inside) for n in node]
    if not isinstance(node, dict):
        return node
    inside = inside or any(isinstance(node.get(k), str) and node[k] in orders for k in ORDER_ID_KEYS)
    return {
        key: without_personal_data(value, orders, inside)
        for key, value in node.items()
        if not (inside and key in PERSONAL_KEYS)
    }


def order_ids(node: Any) -> Iterator[str]:
    """Every order id an answer names."""
    if isinstance(node, list):
        for n in node:
            yield from order_ids(n)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key in ORDER_ID_KEYS and isinstance(value, str):
                yield value
            else:
                yield from order_ids(value)


def _cleaned(payload: Any, orders: Container[str], inside: bool = False) -> str:
    return json.dumps(without_personal_data(payload, orders, inside))


def _batches(conn: Connection, name: str, key: str, params: dict) -> Iterator[list[dict]]:
    after: Any = "" if key == "amazon_order_id" else 0
    while rows := db.fetch_all(conn, name, {**params, "after": after, "batch": BATCH}):
        yield rows
        after = rows[-1][key]


def _clean_orders(conn: Connection, retention_days: int) -> int:
    cleaned = 0
    params = {"final_statuses": [s.value for s in FINAL_STATUSES], "retention_days": retention_days}
    for orders in _batches(conn, "retention/read_final_orders", "amazon_order_id", params):
        ids = [o["amazon_order_id"] for o in orders]
        with db.transaction(conn) as cur:
            cur.execute(db.sql("retention/read_order_items"), {"order_ids": ids})
            items = [
                (i["amazon_order_id"], i["order_item_id"], _cleaned(i["payload"], (), inside=True))
                for i in cur.fetchall()
            ]
            rows = [(o["amazon_order_id"], _cleaned(o["payload"], set(ids))) for o in orders]
            execute_values(cur, db.sql("retention/clean_orders"), rows)
            if items:
                execute_values(cur, db.sql("retention/clean_order_items"), items)
        cleaned += len(orders)
    return cleaned


def _clean_responses(conn: Connection) -> tuple[int, int]:
    """(answers changed, answers done: every order they name is cleaned)."""
    changed = done = 0
    for answers in _batches(conn, "retention/read_responses", "response_id", {}):
        named = {a["response_id"]: set(order_ids(a["body"])) for a in answers}
        everyone = sorted(set().union(*named.values()))
        found = db.fetch_all(conn, "retention/read_cleaned_orders", {"order_ids": everyone})
        cleaned = {r["amazon_order_id"] for r in found}
        rows = []
        for answer in answers:
            body = without_personal_data(answer["body"], cleaned)
            finished = named[answer["response_id"]] <= cleaned
            if body != answer["body"] or finished:
                rows.append((answer["response_id"], json.dumps(body), finished))
                changed += body != answer["body"]
                done += finished
        if rows:
            with db.transaction(conn) as cur:
                execute_values(cur, db.sql("retention/clean_responses"), rows)
    return changed, done


def remove_personal_data(conn: Connection, retention_days: int) -> dict:
    """Clean the copies of every order final for more than `retention_days`; return the counts."""
    if retention_days < 0:
        raise ValueError(f"retention_days must not be negative, not {retention_days}")
    orders = _clean_orders(conn, retention_days)
    changed, done = _clean_responses(conn)
    counts = {"orders_cleaned": orders, "answers_cleaned": changed, "answers_done": done}
    log.info(
        "personal data older than %d day(s) of final orders removed: %s",
        retention_days,
        ", ".join(f"{k} {v}" for k, v in counts.items()),
    )
    return counts
