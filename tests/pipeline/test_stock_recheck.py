"""Stock taken between validation and load: the load step re-checks it under the allocation lock.

When salable stock still covers every order's need the batch goes through whole (no SKU
below zero after it reserved); when it does not, the batch is undone and done again under
the lock, its orders walked in purchase order, and the late ones are blocked.
"""

from __future__ import annotations

from amazon_orders.pipeline import candidates, extract, load, record, validate
from tests.views import blockers, execute, grid, query, salable
from tests.worlds import IMPORT, listing, order, product, store, world

EARLY, LATE = "111-0000001-0000001", "111-0000002-0000002"


def buyer(email: str, name: str) -> dict:
    return {"BuyerInfo": {"BuyerEmail": email, "BuyerName": name}}


def validate_then_take_stock(runner, conn, taken: int) -> dict:
    """Extract and validate, then let something else take `taken` units of MUG, then load."""
    runner.sim.advance(300)
    key = "recheck__1/store-1"
    extract.extract_orders(conn, runner.dags.client("A2SELLERUS"), 1, key)
    candidates.select_candidates(conn, 1, key)
    assert validate.validate_candidates(conn, 1, key)["failures"] == {}
    execute(
        conn, "UPDATE commerce.inventory_source_item SET quantity = quantity - %s WHERE sku = 'MUG'", (taken,)
    )
    counts = load.create_commerce_orders(conn, 1, key)
    record.record_blockers(conn, 1, key)
    return counts


def test_stock_that_still_covers_every_order_imports_the_batch(play, conn):
    runner = play(
        world(
            order(1, ("AMZ-MUG", 3), purchased="2026-11-20T09:00:00Z"),
            order(2, ("AMZ-MUG", 2), purchased="2026-11-20T10:00:00Z"),
            catalog=[product("MUG", qty=7)],
            listings=[listing("MUG")],
            steps=[],
        )
    )
    assert validate_then_take_stock(runner, conn, taken=2)["imported"] == 2
    assert salable(conn, "MUG") == 0
    assert blockers(conn) == {}


def test_stock_taken_since_validation_blocks_the_later_order(play, conn):
    runner = play(
        world(
            order(1, ("AMZ-MUG", 3), purchased="2026-11-20T09:00:00Z"),
            order(2, ("AMZ-MUG", 2), purchased="2026-11-20T10:00:00Z"),
            catalog=[product("MUG", qty=5)],
            listings=[listing("MUG")],
            steps=[],
        )
    )
    counts = validate_then_take_stock(runner, conn, taken=1)
    assert (counts["imported"], counts["out_of_stock"]) == (1, 1)
    assert grid(conn)[EARLY]["commerce_order_number"] is not None
    assert blockers(conn) == {LATE: {"OUT_OF_STOCK"}}
    assert salable(conn, "MUG") == 1


def test_a_buyer_whose_order_went_short_gets_no_account_until_it_imports(play, conn):
    runner = play(
        world(
            order(1, ("AMZ-MUG", 3), purchased="2026-11-20T09:00:00Z", **buyer("ada@example.com", "Ada L")),
            order(2, ("AMZ-MUG", 3), purchased="2026-11-20T10:00:00Z", **buyer("bob@example.com", "Bob M")),
            order(3, ("AMZ-MUG", 1), purchased="2026-11-20T11:00:00Z", **buyer("ada@example.com", "Ada L")),
            stores=[store(customer_creation="create")],
            catalog=[product("MUG", qty=7)],
            listings=[listing("MUG")],
            steps=[],
        )
    )
    counts = validate_then_take_stock(runner, conn, taken=2)  # 5 left: orders 1 and 3 fit, 2 does not
    assert (counts["imported"], counts["out_of_stock"]) == (2, 1)
    emails = [r["email"] for r in query(conn, "SELECT email FROM commerce.customer_entity ORDER BY email")]
    assert emails == ["ada@example.com"]  # Bob's account went with his order; Ada's two orders share one
    execute(conn, "UPDATE commerce.inventory_source_item SET quantity = quantity + 5 WHERE sku = 'MUG'")
    runner.sync("amazon_order_import")
    emails = [r["email"] for r in query(conn, "SELECT email FROM commerce.customer_entity ORDER BY email")]
    assert emails == ["ada@example.com", "bob@example.com"]
    assert query(
        conn, "SELECT customer_is_guest FROM commerce.sales_order WHERE ext_order_id = %s", (LATE,)
    ) == [{"customer_is_guest": False}]


def test_orders_holding_their_stock_go_through_when_nothing_else_is_salable(play, conn):
    runner = play(
        world(
            order(1, ("AMZ-MUG", 3), status="Pending", purchased="2026-11-20T09:00:00Z"),
            order(2, ("AMZ-MUG", 2), status="Pending", purchased="2026-11-20T10:00:00Z"),
            stores=[store(pending_orders="reserve")],
            catalog=[product("MUG", qty=5)],
            listings=[listing("MUG")],
            steps=[IMPORT],
        )
    )
    assert salable(conn, "MUG") == 0  # both pending orders hold their units
    for order_id in (EARLY, LATE):
        runner.sim.set_status(order_id, "Unshipped")
    assert validate_then_take_stock(runner, conn, taken=0)["imported"] == 2
    assert salable(conn, "MUG") == 0  # the held units became the orders' own, none taken twice
    assert blockers(conn) == {}
