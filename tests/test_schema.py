"""Migrations apply once, and the analyst views keep exactly the columns DESIGN.md names."""

from __future__ import annotations

import pytest

from amazon_orders.migrate import migrate
from local_harness import demo
from tests.views import query

VIEW_COLUMNS = {
    "amazon.orders_grid": [
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
        "buyer_requested_cancel",
    ],
    "amazon.open_blockers": [
        "store_name",
        "amazon_order_id",
        "seller_sku",
        "sku",
        "reason",
        "detail",
        "first_seen_at",
        "last_checked_at",
        "attempts",
    ],
    "amazon.recent_orders": ["store_name", "amazon_order_id", "status", "commerce_order_number"],
    "amazon.system_messages": ["text"],
    "amazon.status_drift": [
        "store_name",
        "amazon_order_id",
        "amazon_status",
        "commerce_status",
        "disagreement",
        "drifting_for",
    ],
    "commerce.sales_order": ["increment_id", "ext_order_id", "status", "grand_total", "created_at"],
}


def test_migrations_apply_once(db_url):
    assert migrate(db_url) == []


@pytest.mark.parametrize(("relation", "columns"), VIEW_COLUMNS.items())
def test_analyst_relations_have_their_columns(conn, relation, columns):
    schema, name = relation.split(".")
    present = [
        r["column_name"]
        for r in query(
            conn,
            "SELECT column_name FROM information_schema.columns WHERE table_schema = %s AND table_name = %s",
            (schema, name),
        )
    ]
    assert set(columns) <= set(present)


def test_one_commerce_order_per_amazon_order_is_a_constraint(conn):
    constraints = query(
        conn,
        """
        SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint
        WHERE conrelid = 'commerce.sales_order'::regclass AND contype = 'u'""",
    )
    assert {"UNIQUE (ext_order_id)", "UNIQUE (increment_id)"} <= {c["definition"] for c in constraints}


def test_demo_refuses_a_bad_scenario_before_starting_anything(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("stores: [{name: X}]\n")
    assert demo.main(["--scenario", str(bad)]) == 2
    assert "stores[0]: 'seller_id' is a required property" in capsys.readouterr().err
