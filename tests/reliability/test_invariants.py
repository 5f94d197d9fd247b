"""The database itself makes the worst outcomes impossible, even for a bug."""

from __future__ import annotations

import psycopg2
import pytest

from tests.views import execute
from tests.worlds import listing, order, product, world


@pytest.fixture
def imported(play, conn):
    play(world(order(1, ("AMZ-MUG", 2)), catalog=[product("MUG", qty=3)], listings=[listing("MUG")]))
    return conn


@pytest.mark.parametrize(
    ("statement", "error"),
    [
        (
            "INSERT INTO commerce.sales_order (increment_id, ext_order_id, store_id, state, status, "
            "order_currency_code, base_currency_code, subtotal, base_subtotal, grand_total, "
            "base_grand_total, total_qty_ordered) "
            "VALUES ('X1', '111-0000001-0000001', 1, 'processing', "
            "'processing', 'USD', 'USD', 1, 1, 1, 1, 1)",
            psycopg2.errors.UniqueViolation,
        ),  # a second Commerce order
        (
            "UPDATE commerce.inventory_source_item SET quantity = -1",
            psycopg2.errors.CheckViolation,
        ),  # negative stock
        (
            "INSERT INTO commerce.sales_order_item "
            "(order_id, ext_order_item_id, sku, name, qty_ordered, price, base_price, price_incl_tax, "
            "base_price_incl_tax, row_total, base_row_total, row_total_incl_tax, base_row_total_incl_tax) "
            "VALUES (999999, 'x', 'MUG', 'x', 1, 1, 1, 1, 1, 1, 1, 1, 1)",
            psycopg2.errors.ForeignKeyViolation,
        ),  # an item of no order
        (
            "INSERT INTO amazon.blocker (amazon_order_id, order_item_id, reason, detail, last_run_key) "
            "VALUES ('no-such-order', '', 'OUT_OF_STOCK', 'x', 'r')",
            psycopg2.errors.ForeignKeyViolation,
        ),
        (
            "INSERT INTO amazon.blocker (amazon_order_id, order_item_id, reason, detail, last_run_key) "
            "VALUES ('111-0000001-0000001', '', 'BECAUSE', 'x', 'r')",
            psycopg2.errors.CheckViolation,
        ),
        (
            "INSERT INTO commerce.inventory_reservation (sku, quantity, object_type, object_id, event) "
            "SELECT sku, quantity, object_type, object_id, event FROM commerce.inventory_reservation",
            psycopg2.errors.UniqueViolation,
        ),  # the same reservation twice
        (
            'UPDATE amazon."order" SET commerce_order_id = (SELECT max(entity_id) FROM commerce.sales_order) '
            "WHERE commerce_order_id IS NULL",
            psycopg2.errors.UniqueViolation,
        ),
        ("UPDATE commerce.sales_order_item SET qty_shipped = -1", psycopg2.errors.CheckViolation),
    ],
)
def test_constraint_refuses(imported, statement, error):
    if "commerce_order_id = (SELECT" in statement:
        execute(
            imported,
            "INSERT INTO amazon.store (name, seller_id, marketplace_id, integrated_at, prices_include_tax) "
            "VALUES ('Other', 'S2', 'M2', now(), true)",
        )
        execute(
            imported,
            'INSERT INTO amazon."order" (amazon_order_id, store_id, payload) '
            "SELECT '111-0000002-0000002', store_id, '{}' FROM amazon.store WHERE name = 'Other'",
        )
    with pytest.raises(error):
        execute(imported, statement)
