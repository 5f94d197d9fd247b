"""The analyst role, tried with a real login: reads the analyst views with buyers' names
masked, runs the ready queries of docs/operations.md, and can neither read the tables holding personal
data nor write anything."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import closing
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
import psycopg2.extras
import pytest
from psycopg2 import errors

from tests import views
from tests.dashboard import money_world
from tests.worlds import IMPORT, listing, order, product, world

BUYERS = {1: "Jane Q. Doe", 2: "Max Mustermann"}

READY_QUERIES = [  # docs/operations.md's, as an analyst types them
    "SELECT store_name, purchase_date::date AS day, count(*) FROM analyst.orders_grid "
    "GROUP BY 1, 2 ORDER BY 2, 1",
    "SELECT reason, count(*), max(now() - first_seen_at) AS oldest FROM analyst.open_blockers "
    "GROUP BY reason",
    "SELECT g.amazon_order_id, so.created_at - g.purchase_date AS lag FROM analyst.orders_grid g "
    "JOIN analyst.sales_order so ON so.ext_order_id = g.amazon_order_id",
    "SELECT * FROM analyst.status_drift ORDER BY drifting_for DESC",
    "SELECT * FROM analyst.recent_orders",
    "SELECT * FROM analyst.system_messages",
    "SELECT * FROM analyst.order_status_change",
    "SELECT * FROM analyst.import_run",
    "SELECT store_name, (purchase_date AT TIME ZONE 'UTC')::date AS day, base_currency_code, "
    "sum(base_grand_total) FROM analyst.orders_grid "
    "WHERE commerce_order_number IS NOT NULL AND commerce_status <> 'canceled' "
    "GROUP BY 1, 2, 3 ORDER BY 2, 1",
    "SELECT * FROM analyst.orders_to_ship WHERE due IN ('late', 'today')",
]

PERSONAL = [
    'amazon."order"',
    "amazon.order_item",
    "amazon.api_response",
    "commerce.sales_order",
    "commerce.sales_order_address",
    "commerce.customer_entity",
    "amazon.orders_grid",
    "amazon.recent_orders",
    "amazon.orders_to_ship",
    "commerce.sales_order_grid",
    "commerce.sales_order_payment",
    "commerce.sales_invoice",
    "commerce.sales_order_tax",
    "public.amazon_orders_migration",
]

WRITES = [
    "UPDATE analyst.sales_order SET status = 'canceled'",
    "DELETE FROM analyst.order_status_change",
    "INSERT INTO amazon.blocker (amazon_order_id, order_item_id, reason, detail, last_run_key) "
    "VALUES ('x', 'y', 'NOT_IN_CATALOG', 'z', 'r')",
    "UPDATE commerce.catalog_product_entity SET status = 2",
    "CREATE TABLE analyst.mine (x int)",
    "CREATE TABLE public.mine (x int)",
    "CREATE VIEW analyst.mine AS SELECT 1",
    "CREATE FUNCTION analyst.mine() RETURNS int LANGUAGE sql AS 'SELECT 1'",
]


@pytest.fixture
def analyst(db_url: str) -> Iterator[psycopg2.extensions.connection]:
    """A person's own login role, member of amazon_analyst, connected over TCP."""
    name = f"analyst_{secrets.token_hex(4)}"
    password = secrets.token_urlsafe(16)
    admin = psycopg2.connect(db_url)
    admin.autocommit = True
    with closing(admin), admin.cursor() as cur:
        cur.execute(f"CREATE ROLE {name} LOGIN PASSWORD %s IN ROLE amazon_analyst", (password,))
        parts = urlsplit(db_url)
        login = psycopg2.connect(
            host=parts.hostname, port=parts.port, dbname=parts.path.lstrip("/"), user=name, password=password
        )
        login.autocommit = True
        try:
            with login.cursor() as probe:
                probe.execute("SELECT current_user, session_user")
                assert probe.fetchone() == (name, name)
            yield login
        finally:
            login.close()
            cur.execute(f"DROP OWNED BY {name}")
            cur.execute(f"DROP ROLE {name}")


def _rows(conn, sql: str) -> list[dict]:
    with conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute(sql)
        return list(cur.fetchall())


def test_analyst_reads_masked_views_and_nothing_else(play, conn, analyst):
    address = {
        "Name": "Jane Q. Doe",
        "AddressLine1": "1 Elm Street",
        "City": "Springfield",
        "PostalCode": "12345",
        "CountryCode": "US",
    }
    play(
        world(
            order(
                1,
                ("AMZ-MUG", 1),
                BuyerInfo={"BuyerName": BUYERS[1], "BuyerEmail": "jane@example.com"},
                ShippingAddress=address,
            ),
            order(2, ("AMZ-LAMP", 1), BuyerInfo={"BuyerName": BUYERS[2], "BuyerEmail": "max@example.com"}),
            catalog=[product("MUG")],
            listings=[listing("MUG"), listing(None, "AMZ-LAMP")],
            steps=[IMPORT],
        )
    )
    admin_grid = views.grid(conn)
    assert {
        o: admin_grid[f"111-{o:07d}-{o:07d}"]["buyer_name"] for o in BUYERS
    } == BUYERS  # the admin sees names

    grid = {r["amazon_order_id"]: r for r in _rows(analyst, "SELECT * FROM analyst.orders_grid")}
    assert grid.keys() == admin_grid.keys()
    assert grid["111-0000001-0000001"]["buyer_name"] == "J*** Q*** D***"
    assert grid["111-0000002-0000002"]["buyer_name"] == "M*** M***"
    assert grid["111-0000002-0000002"]["status"] == "Error"
    everything = repr([_rows(analyst, q) for q in READY_QUERIES])
    for secret in [*BUYERS.values(), "jane@example.com", "max@example.com", "Elm Street"]:
        assert secret not in everything
    assert {r["reason"] for r in _rows(analyst, READY_QUERIES[1])} == {"NOT_IN_CATALOG"}
    assert len(_rows(analyst, READY_QUERIES[2])) == 1

    for table in PERSONAL:
        with pytest.raises(errors.InsufficientPrivilege), analyst.cursor() as cur:
            cur.execute(f"SELECT * FROM {table} LIMIT 1")
    for statement in WRITES:
        with pytest.raises(errors.InsufficientPrivilege), analyst.cursor() as cur:
            cur.execute(statement)
    assert views.counts(conn)["commerce.sales_order"] == 1  # nothing changed


def _money_md_queries() -> list[str]:
    """The SQL of docs/money.md's "Queries for analysts", one statement each."""
    text = (Path(__file__).resolve().parents[2] / "docs" / "money.md").read_text()
    block = text.split("## Queries for analysts", 1)[1].split("```sql", 1)[1].split("```", 1)[0]
    return [s.strip() for s in block.split(";") if s.strip()]


def test_analyst_runs_the_money_queries_of_the_docs(play, conn, analyst):
    runner = play(money_world.document())
    views.execute(conn, "INSERT INTO commerce.directory_currency_rate VALUES ('USD', 'GBP', 0.80)")
    runner.sync(IMPORT["run"])
    revenue, breakdown, split, taxes, per_currency, to_ship = (_rows(analyst, q) for q in _money_md_queries())
    by_store = {(r["store_name"], r["base_currency_code"]): r["revenue"] for r in revenue}
    # US: 24.88 + 10.80 + 10.00 (replacement) + 10.00 (AFN) + 10.00 (shipped) + 10.00 (partly); UK: 27.60 GBP
    assert by_store == {("US Store", "USD"): Decimal("75.68"), ("UK Store", "USD"): Decimal("34.50")}
    assert sum(r["revenue"] for r in breakdown) == Decimal("110.18")
    assert {r["store_name"]: (r["collected_by_amazon"], r["owed_by_seller"]) for r in split} == {
        "US Store": (Decimal("1.89"), Decimal("0.80")),
        "UK Store": (0, Decimal("5.75")),  # 4.60 GBP at 0.80
    }
    assert {(r["store_name"], r["code"]): r["tax"] for r in taxes} == {
        ("US Store", "amazon_marketplace_facilitator"): Decimal("1.89"),
        ("US Store", "seller"): Decimal("0.80"),
        ("UK Store", "seller"): Decimal("5.75"),
    }
    assert {(r["store_name"], r["currency"]): r["revenue"] for r in per_currency} == {
        ("US Store", "USD"): Decimal("75.68"),
        ("UK Store", "GBP"): Decimal("27.60"),
    }
    assert to_ship == []  # the world's orders have no ship-by dates
    shown = [
        r["table_name"]
        for r in _rows(
            analyst, "SELECT table_name FROM information_schema.views WHERE table_schema = 'analyst'"
        )
    ]
    assert {"orders_to_ship", "sales_order_payment", "sales_invoice", "sales_order_tax"} <= set(shown)
    everything = repr([_rows(analyst, f"SELECT * FROM analyst.{v}") for v in shown])  # all readable
    for secret in money_world.SECRETS:
        assert secret not in everything
