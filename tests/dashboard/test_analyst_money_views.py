"""Migration 017's views against Postgres, after a real import: the grid's and the analyst schema's
money columns, amazon.orders_to_ship with its `due` marking at controlled ship-by dates, and no
buyer's personal data in any analyst view."""

from __future__ import annotations

from decimal import Decimal

import pytest

from amazon_orders import db
from tests.dashboard.money_world import ID, SECRETS, TO_SHIP, document
from tests.views import execute, query
from tests.worlds import IMPORT

MONEY_COLUMNS = [  # appended by 017, in this order, after 015's api_version
    "subtotal",
    "shipping_amount",
    "tax_amount",
    "discount_amount",
    "commerce_grand_total",
    "base_grand_total",
    "base_currency_code",
    "base_to_order_rate",
    "total_invoiced",
    "total_paid",
    "shipping_method",
    "marketplace_facilitator_tax",
    "seller_tax",
    "is_prime",
    "is_business",
    "is_replacement",
    "replaced_order_id",
]
GRID_BEFORE = [  # the grid's columns before 017, in their order (015)
    "store_name",
    "amazon_order_id",
    "purchase_date",
    "last_update_date",
    "amazon_status",
    "status",
    "fulfillment_channel",
    "buyer_name",
    "grand_total",
    "currency",
    "order_notes",
    "commerce_order_number",
    "commerce_status",
    "store_id",
    "buyer_requested_cancel",
    "fulfillment_status",
    "ship_by_latest",
    "deliver_by_latest",
    "service_level",
    "programs",
    "api_version",
]
TO_SHIP_COLUMNS = [
    "store_name",
    "amazon_order_id",
    "purchase_date",
    "amazon_status",
    "ship_by_latest",
    "deliver_by_latest",
    "service_level",
    "is_prime",
    "due",
    "commerce_order_number",
    "commerce_status",
]
SALES_ORDER_MONEY = [
    "subtotal",
    "shipping_amount",
    "tax_amount",
    "discount_amount",
    "grand_total",
    "order_currency_code",
    "base_currency_code",
    "base_to_order_rate",
    "base_grand_total",
    "total_invoiced",
    "total_paid",
    "total_canceled",
    "base_total_canceled",
    "shipping_method",
    "amazon_ship_by_date",
    "amazon_is_prime",
    "amazon_is_business",
    "amazon_is_replacement",
]
# The Commerce tables' analyst views: their names, and a column each must show.
COMMERCE_VIEWS = {
    "sales_order_item": "base_row_total",
    "sales_order_tax": "code",
    "sales_order_tax_item": "taxable_item_type",
    "sales_order_payment": "additional_information",
    "sales_invoice": "base_grand_total",
    "sales_invoice_item": "row_total",
    "directory_currency_rate": "rate",
}


def columns(conn, relation: str) -> list[str]:
    schema, name = relation.split(".")
    return [
        r["column_name"]
        for r in query(
            conn,
            "SELECT column_name FROM information_schema.columns WHERE table_schema = %s AND table_name = %s "
            "ORDER BY ordinal_position",
            (schema, name),
        )
    ]


@pytest.mark.parametrize(
    "relation", ["amazon.orders_grid", "analyst.orders_grid", "amazon.recent_orders", "analyst.recent_orders"]
)
def test_grid_keeps_its_columns_in_order_and_appends_the_money(conn, relation):
    present = columns(conn, relation)
    if relation.endswith("recent_orders"):  # recent_rank sits after 004's grid columns
        assert present[15] == "recent_rank"
        present = present[:15] + present[16:]
    assert present == GRID_BEFORE + MONEY_COLUMNS


@pytest.mark.parametrize("relation", ["amazon.orders_to_ship", "analyst.orders_to_ship"])
def test_orders_to_ship_has_its_columns(conn, relation):
    assert columns(conn, relation)[: len(TO_SHIP_COLUMNS)] == TO_SHIP_COLUMNS


def test_analyst_sales_order_and_commerce_views_have_the_money(conn):
    assert set(SALES_ORDER_MONEY) <= set(columns(conn, "analyst.sales_order"))
    for view, column in COMMERCE_VIEWS.items():
        assert column in columns(conn, f"analyst.{view}"), view


@pytest.fixture
def imported(play, conn):
    """The money world imported; the UK order once its rate exists (blocked before)."""
    runner = play(document())
    reasons = {r["amazon_order_id"]: r["reason"] for r in query(conn, "SELECT * FROM amazon.open_blockers")}
    assert reasons == {ID["uk"]: "MISSING_CURRENCY_RATE", ID["unmatched"]: "NOT_IN_CATALOG"}
    execute(conn, "INSERT INTO commerce.directory_currency_rate VALUES ('USD', 'GBP', 0.80)")
    runner.sync(IMPORT["run"])
    return runner


@pytest.mark.usefixtures("imported")
def test_grid_shows_the_commerce_orders_money_and_amazons_tax_split(conn):
    grid = {r["amazon_order_id"]: r for r in query(conn, "SELECT * FROM analyst.orders_grid")}
    prime = grid[ID["prime"]]
    assert (prime["grand_total"], prime["commerce_grand_total"], prime["currency"]) == (
        Decimal("24.88"),
        Decimal("24.88"),
        "USD",
    )
    assert (prime["subtotal"], prime["shipping_amount"], prime["tax_amount"], prime["discount_amount"]) == (
        Decimal("20.00"),
        Decimal("4.99"),
        Decimal("1.89"),
        Decimal("-2.00"),
    )
    assert (
        prime["subtotal"] + prime["shipping_amount"] + prime["tax_amount"] + prime["discount_amount"]
        == (prime["commerce_grand_total"])
    )
    assert (prime["base_grand_total"], prime["base_currency_code"], prime["base_to_order_rate"]) == (
        Decimal("24.88"),
        "USD",
        1,
    )
    assert prime["total_invoiced"] == prime["total_paid"] == Decimal("24.88")
    assert prime["shipping_method"]
    assert (prime["marketplace_facilitator_tax"], prime["seller_tax"]) == (Decimal("1.89"), 0)
    assert (prime["is_prime"], prime["is_business"], prime["is_replacement"]) == (True, False, False)

    business = grid[ID["business"]]
    assert (business["marketplace_facilitator_tax"], business["seller_tax"]) == (0, Decimal("0.80"))
    assert (business["is_prime"], business["is_business"]) == (False, True)

    replacement = grid[ID["replacement"]]
    assert (replacement["is_replacement"], replacement["replaced_order_id"]) == (True, ID["prime"])

    uk = grid[ID["uk"]]
    assert (uk["grand_total"], uk["currency"], uk["base_grand_total"], uk["base_currency_code"]) == (
        Decimal("27.60"),
        "GBP",
        Decimal("34.50"),
        "USD",
    )
    assert uk["base_to_order_rate"] == Decimal("0.8") and uk["seller_tax"] == Decimal("4.60")

    unmatched = grid[ID["unmatched"]]  # blocked: no Commerce order, so no Commerce money
    assert unmatched["status"] == "Error"
    assert all(unmatched[c] is None for c in ["subtotal", "commerce_grand_total", "base_grand_total"])
    assert unmatched["grand_total"] == Decimal("10.00")  # Amazon's total is there all the same

    recent = {r["amazon_order_id"]: r for r in query(conn, "SELECT * FROM analyst.recent_orders")}
    assert recent[ID["uk"]]["base_grand_total"] == Decimal("34.50")
    assert recent[ID["prime"]]["is_prime"] is True

    so = query(conn, "SELECT * FROM analyst.sales_order WHERE ext_order_id = %s", (ID["uk"],))[0]
    assert (so["base_grand_total"], so["base_subtotal"], so["tax_amount"]) == (
        Decimal("34.50"),
        Decimal("25.00"),
        Decimal("4.60"),
    )


@pytest.mark.usefixtures("imported")
def test_analyst_views_of_payment_invoice_and_tax(conn):
    [payment] = query(
        conn,
        "SELECT p.* FROM analyst.sales_order_payment p "
        "JOIN analyst.sales_order so ON so.entity_id = p.parent_id WHERE so.ext_order_id = %s",
        (ID["prime"],),
    )
    assert payment["method"] == "amazon" and payment["amount_paid"] == Decimal("24.88")
    assert payment["additional_information"]["amazon_order_id"] == ID["prime"]
    assert set(payment["additional_information"]) <= {"amazon_order_id", "amazon_payment_methods"}
    taxes = query(
        conn,
        "SELECT so.ext_order_id, t.code, t.amount FROM analyst.sales_order_tax t "
        "JOIN analyst.sales_order so ON so.entity_id = t.order_id ORDER BY 1",
    )
    by_order = {(t["ext_order_id"], t["code"]): t["amount"] for t in taxes}
    assert by_order[(ID["prime"], "amazon_marketplace_facilitator")] == Decimal("1.89")
    assert by_order[(ID["business"], "seller")] == Decimal("0.80")
    invoices = query(
        conn,
        "SELECT so.ext_order_id, i.grand_total, i.base_grand_total FROM analyst.sales_invoice i "
        "JOIN analyst.sales_order so ON so.entity_id = i.order_id",
    )
    assert {i["ext_order_id"]: i["base_grand_total"] for i in invoices}[ID["uk"]] == Decimal("34.50")


@pytest.mark.usefixtures("imported")
def test_orders_to_ship_marks_late_today_and_later(conn):
    # In one transaction: now() is the same for the ship-by dates written and the view read.
    with_dates = {
        "unmatched": "now() - interval '1 hour'",  # late
        "prime": "now() + (date_trunc('day', now(), 'UTC') + interval '1 day' - now()) / 2",  # today
        "business": "date_trunc('day', now(), 'UTC') + interval '1 day'",  # tomorrow 00:00 UTC: later
        "partly": "date_trunc('day', now(), 'UTC') + interval '3 days'",  # later
        "replacement": "NULL",
        "uk": "NULL",
    }
    with db.transaction(conn) as cur:
        for name, value in with_dates.items():
            cur.execute(
                f'UPDATE amazon."order" SET ship_by_latest = {value} WHERE amazon_order_id = %s', (ID[name],)
            )
        cur.execute("SELECT * FROM amazon.orders_to_ship")
        rows = list(cur.fetchall())
        cur.execute("SELECT amazon_order_id, due FROM analyst.orders_to_ship")
        analyst_rows = list(cur.fetchall())
    by_id = {r["amazon_order_id"]: r for r in rows}
    names = {v: k for k, v in ID.items()}
    assert {names[r["amazon_order_id"]] for r in rows} == TO_SHIP  # no AFN, pending, shipped, canceled
    assert {names[i]: r["due"] for i, r in by_id.items()} == {
        "unmatched": "late",
        "prime": "today",
        "business": "later",
        "partly": "later",
        "replacement": None,
        "uk": None,
    }
    # earliest ship-by first, those without a date last (by purchase date)
    assert [names[r["amazon_order_id"]] for r in rows] == [
        "unmatched",
        "prime",
        "business",
        "partly",
        "replacement",
        "uk",
    ]
    assert [(r["amazon_order_id"], r["due"]) for r in analyst_rows] == [
        (r["amazon_order_id"], r["due"]) for r in rows
    ]
    assert (
        by_id[ID["unmatched"]]["blocked"] is True and by_id[ID["unmatched"]]["commerce_order_number"] is None
    )
    prime = by_id[ID["prime"]]
    assert prime["is_prime"] is True and prime["commerce_status"] == "processing" and not prime["blocked"]
    assert prime["commerce_order_number"] and prime["units_to_ship"] == 2
    assert by_id[ID["business"]]["is_business"] is True
    assert by_id[ID["replacement"]]["is_replacement"] is True


@pytest.mark.usefixtures("imported")
def test_orders_to_ship_leaves_out_canceled_commerce_orders(conn):
    execute(
        conn,
        "UPDATE commerce.sales_order SET status = 'canceled', state = 'canceled' WHERE ext_order_id = %s",
        (ID["prime"],),
    )
    shown = {r["amazon_order_id"] for r in query(conn, "SELECT amazon_order_id FROM amazon.orders_to_ship")}
    assert ID["prime"] not in shown and ID["business"] in shown


def personal_columns(conn) -> set[str]:
    """The columns of the tables that hold buyers' personal data, named as they hold it."""
    rows = query(
        conn,
        """
        SELECT column_name FROM information_schema.columns
        WHERE (table_schema, table_name) IN (
                  ('amazon', 'order'), ('commerce', 'sales_order'), ('commerce', 'sales_order_address'),
                  ('commerce', 'customer_entity'), ('commerce', 'sales_order_grid'))
          AND (column_name LIKE 'ship\\_%%' OR column_name LIKE 'buyer\\_%%' OR column_name LIKE '%%email%%'
               OR column_name LIKE '%%name' OR column_name LIKE '%%firstname' OR column_name LIKE '%%lastname'
               OR column_name IN ('street', 'city', 'region', 'postcode', 'telephone', 'billing_address',
                                  'shipping_address'))
        """,
    )
    found = {r["column_name"] for r in rows}
    # the deadlines and words that only share a prefix; buyer_name shows masked; store_name is a store's
    return found - {
        "ship_by_earliest",
        "ship_by_latest",
        "buyer_requested_cancel",
        "buyer_name",
        "store_name",
    }


@pytest.mark.usefixtures("imported")
def test_no_analyst_view_shows_personal_data(conn):
    personal = personal_columns(conn)
    assert {
        "ship_city",
        "customer_email",
        "billing_name",
        "shipping_address",
        "email",
        "firstname",
    } <= personal
    shown = query(
        conn,
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'analyst' AND column_name = ANY(%s)",
        (sorted(personal),),
    )
    assert shown == []
    views = [
        r["table_name"]
        for r in query(conn, "SELECT table_name FROM information_schema.views WHERE table_schema = 'analyst'")
    ]
    assert {"orders_to_ship", "sales_order_payment", "sales_invoice", "sales_order_tax"} <= set(views)
    everything = repr([query(conn, f"SELECT * FROM analyst.{v}") for v in views])
    assert ID["prime"] in everything
    for secret in SECRETS:
        assert secret not in everything, secret
