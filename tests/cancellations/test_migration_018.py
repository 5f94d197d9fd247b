"""Migration 018 reads what Amazon canceled of lines stored before it as payload_2026.py reads it
now (a change to one is a change to the other); v0 lines stay 0."""

from __future__ import annotations

import copy
from contextlib import closing

from amazon_orders import db
from amazon_orders.pipeline import payload, payload_2026
from amazon_orders.settings import SQL_HOME
from tests.commerce_order.test_migration_016 import columns_before, insert
from tests.pipeline.test_payload_2026 import V0_ITEMS, V0_ORDER, V2026_ORDER
from tests.views import query

V2026_ID = "112-0000000-0000018"
EXECUTED = {"cancellationExecution": {"cancelledBy": "AMAZON"}}


def lines_2026() -> list[dict]:
    """One v2026 line as placed, then the same with every shape of cancellation Amazon might send."""
    [first, *_] = payload_2026.items_of(V2026_ORDER)
    placed = {k: v for k, v in first.items() if k not in ("fulfillment", "cancellation")}
    shapes = [
        {"quantityOrdered": 3},  # no cancellation
        {
            "quantityOrdered": 3,
            "cancellation": EXECUTED,
            "fulfillment": {"quantityFulfilled": 1, "quantityUnfulfilled": 1},
        },
        {"quantityOrdered": 3, "cancellation": EXECUTED, "fulfillment": {"quantityFulfilled": 0}},
        {"quantityOrdered": 3, "cancellation": EXECUTED},  # no counts: canceled in full
        {"quantityOrdered": 3, "cancellation": EXECUTED, "fulfillment": {"quantityUnfulfilled": 1.5}},
        {"quantityOrdered": 3, "cancellation": EXECUTED, "fulfillment": {"quantityUnfulfilled": 5}},
        {"quantityOrdered": 3, "cancellation": {"cancellationExecution": None}},
        {"quantityOrdered": 3, "cancellation": {"cancellationRequest": {"requester": "BUYER"}}},
        {"quantityOrdered": "3", "cancellation": EXECUTED},
    ]
    return [{**copy.deepcopy(placed), **shape, "orderItemId": f"L{n}"} for n, shape in enumerate(shapes)]


def test_migration_018_fills_what_amazon_canceled_of_rows_stored_before_it(db_url):
    migrations = sorted((SQL_HOME / "migrations").glob("[0-9][0-9][0-9]_*.sql"))
    v2026 = {**copy.deepcopy(V2026_ORDER), "orderId": V2026_ID, "orderItems": lines_2026()}
    expected = {}
    with closing(db.connect(db_url)) as conn:
        with db.transaction(conn) as cur:
            cur.execute(db.sql("reset_schemas"))
            for migration in (m for m in migrations if m.stem < "018"):
                cur.execute(migration.read_text())
            cur.execute(
                "INSERT INTO amazon.store (name, seller_id, marketplace_id, integrated_at, "
                "prices_include_tax) VALUES ('US Store', 'A2SELLERUS', 'ATVPDKIKX0DER', "
                "'2026-11-01T00:00:00Z', false)"
            )
            orders, items = columns_before(cur, "order"), columns_before(cur, "order_item")
            assert "quantity_canceled" not in items
            insert(cur, 'amazon."order"', payload.order_row(1, V0_ORDER, True), orders)
            insert(cur, 'amazon."order"', payload_2026.order_row(1, v2026, True), orders)
            for item in V0_ITEMS:
                row = payload.item_row(V0_ORDER["AmazonOrderId"], item)
                insert(cur, "amazon.order_item", row, items)
                expected[row["order_item_id"]] = row["quantity_canceled"]
            for item in payload_2026.items_of(v2026):
                row = payload_2026.item_row(V2026_ID, item)
                insert(cur, "amazon.order_item", row, items)
                expected[row["order_item_id"]] = row["quantity_canceled"]
            cur.execute((SQL_HOME / "migrations" / "018_item_cancellations.sql").read_text())
        stored = query(conn, "SELECT order_item_id, quantity_canceled FROM amazon.order_item")
    assert {r["order_item_id"]: r["quantity_canceled"] for r in stored} == expected
    assert [expected[f"L{n}"] for n in range(9)] == [0, 1, 3, 3, 3, 0, 0, 0, 0]
