"""Migration 016 reads the money of lines stored before it as payload.py and payload_2026.py
read it now (a change to one is a change to the other)."""

from __future__ import annotations

import copy
from contextlib import closing

from amazon_orders import db
from amazon_orders.pipeline import payload, payload_2026
from amazon_orders.settings import SQL_HOME
from tests.pipeline.test_payload_2026 import V0_ITEMS, V0_ORDER, V2026_ORDER
from tests.views import query

MONEY = [*payload.V0_MONEY, "tax_collection_model", "tax_responsible_party", "promotion_ids"]
V2026_ID = "112-0000000-0000016"


def odd_items() -> list[dict]:
    """v0 lines as real answers have them: a field left out, an amount unreadable, a pending one."""
    first, *_ = copy.deepcopy(V0_ITEMS)
    missing = {**first, "OrderItemId": "ODD-1"}
    missing.pop("ShippingPrice", None)
    unreadable = {**first, "OrderItemId": "ODD-2", "ItemTax": {"CurrencyCode": "USD", "Amount": "1,50"}}
    pending = {k: v for k, v in first.items() if k not in payload.V0_MONEY and k != "ItemPrice"}
    pending["OrderItemId"] = "ODD-3"
    collected = {
        **first,
        "OrderItemId": "ODD-4",
        "TaxCollection": {"Model": "MarketplaceFacilitator", "ResponsibleParty": "Amazon Services, Inc."},
        "PromotionIds": ["B", "A", ""],
    }
    return [missing, unreadable, pending, collected]


def columns_before(cur, table: str) -> list[str]:
    cur.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_schema = 'amazon' AND table_name = %s",
        (table,),
    )
    return [r["column_name"] for r in cur.fetchall()]


def insert(cur, table: str, row: dict, columns: list[str]) -> None:
    kept = [c for c in columns if c in row]
    cur.execute(
        f"INSERT INTO {table} ({', '.join(kept)}) VALUES ({', '.join(f'%({c})s' for c in kept)})",
        {c: row[c] for c in kept},
    )


def test_migration_016_fills_money_of_rows_stored_before_it(db_url):
    migrations = sorted((SQL_HOME / "migrations").glob("[0-9][0-9][0-9]_*.sql"))
    v2026 = {**copy.deepcopy(V2026_ORDER), "orderId": V2026_ID}
    v0_items = [*copy.deepcopy(V0_ITEMS), *odd_items()]
    with closing(db.connect(db_url)) as conn:
        with db.transaction(conn) as cur:
            cur.execute(db.sql("reset_schemas"))
            for migration in (m for m in migrations if m.stem < "016"):
                cur.execute(migration.read_text())
            cur.execute(
                "INSERT INTO amazon.store (name, seller_id, marketplace_id, integrated_at) "
                "VALUES ('US Store', 'A2SELLERUS', 'ATVPDKIKX0DER', '2026-11-01T00:00:00Z')"
            )
            orders, items = columns_before(cur, "order"), columns_before(cur, "order_item")
            insert(cur, 'amazon."order"', payload.order_row(1, V0_ORDER, True), orders)
            insert(cur, 'amazon."order"', payload_2026.order_row(1, v2026, True), orders)
            expected = {}
            for item in v0_items:
                row = payload.item_row(V0_ORDER["AmazonOrderId"], item)
                insert(cur, "amazon.order_item", row, items)
                expected[(row["amazon_order_id"], row["order_item_id"])] = row
            for item in payload_2026.items_of(v2026):
                row = payload_2026.item_row(V2026_ID, item)
                insert(cur, "amazon.order_item", row, items)
                expected[(row["amazon_order_id"], row["order_item_id"])] = row
            cur.execute((SQL_HOME / "migrations" / "016_complete_commerce_order.sql").read_text())
        stored = query(conn, "SELECT * FROM amazon.order_item")
        assert len(stored) == len(expected)
        for row in stored:
            want = expected[(row["amazon_order_id"], row["order_item_id"])]
            assert {c: row[c] for c in MONEY} == {c: want[c] for c in MONEY}, row["order_item_id"]
        methods = {
            r["amazon_order_id"]: r["payment_methods"] for r in query(conn, 'SELECT * FROM amazon."order"')
        }
        assert methods == {
            V0_ORDER["AmazonOrderId"]: payload.order_row(1, V0_ORDER, True)["payment_methods"],
            V2026_ID: payload_2026.order_row(1, v2026, True)["payment_methods"],
        }
        assert query(conn, "SELECT proname FROM pg_proc WHERE proname LIKE 'm016%%'") == []
