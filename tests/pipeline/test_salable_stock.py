"""Salable stock is read from running totals of the reservation ledger, kept by the ledger's
own writes; any write to the ledger takes the allocation lock, so no two change stock at once.
(Every test that calls tests.views.salable also checks the totals against the ledger.)
"""

from __future__ import annotations

import threading

import pytest

from amazon_orders import db
from tests.views import execute, query, stock_breaks
from tests.worlds import listing, order, product, world

LEDGER = "commerce.inventory_reservation"


def totals(conn: db.Connection) -> dict[str, float]:
    rows = query(conn, "SELECT sku, quantity FROM commerce.inventory_reservation_total WHERE quantity <> 0")
    return {r["sku"]: float(r["quantity"]) for r in rows}


def ledger(conn: db.Connection) -> dict[str, float]:
    rows = query(conn, f"SELECT sku, sum(quantity) AS q FROM {LEDGER} GROUP BY sku HAVING sum(quantity) <> 0")
    return {r["sku"]: float(r["q"]) for r in rows}


@pytest.fixture
def imported(play, conn):
    play(
        world(
            order(1, ("AMZ-MUG", 2), ("AMZ-CUP", 1)),
            order(2, ("AMZ-MUG", 3)),
            catalog=[product("MUG", qty=10), product("CUP", qty=4)],
            listings=[listing("MUG"), listing("CUP")],
        )
    )
    return conn


def test_imports_are_in_the_totals_and_the_salable_view(imported):
    assert totals(imported) == ledger(imported) == {"MUG": -5, "CUP": -1}
    stock = {r["sku"]: float(r["quantity"]) for r in query(imported, "SELECT * FROM commerce.salable_stock")}
    assert stock == {"MUG": 5, "CUP": 3}


@pytest.mark.parametrize(
    "write",
    [
        f"INSERT INTO {LEDGER} (sku, quantity, object_type, object_id, event) "
        "VALUES ('MUG', 2, 'order', 'x', 'order_canceled'), ('PEN', -1, 'order', 'x', 'order_placed')",
        f"UPDATE {LEDGER} SET quantity = quantity - 1 WHERE sku = 'MUG'",
        f"UPDATE {LEDGER} SET sku = 'PEN' WHERE sku = 'CUP'",
        f"DELETE FROM {LEDGER} WHERE sku = 'MUG'",
        f"TRUNCATE {LEDGER}",
    ],
)
def test_every_kind_of_ledger_write_keeps_the_totals(imported, write):
    execute(imported, write)  # writes no order would make: only the totals are checked
    assert totals(imported) == ledger(imported)
    assert [b for b in stock_breaks(imported) if b["problem"].startswith("running total")] == []


def test_a_ledger_write_waits_for_the_allocation_lock(imported, db_url):
    """A transaction holding the lock (a loading batch) keeps any other reservation write out
    until it ends: the totals are never changed by two transactions at once."""
    holder = db.connect(db_url)
    try:
        with holder.cursor() as cur:
            cur.execute(db.sql("load/lock_allocation"))
        done = threading.Event()

        def cancel_elsewhere() -> None:
            execute(
                imported,
                f"INSERT INTO {LEDGER} (sku, quantity, object_type, object_id, event) "
                "VALUES ('MUG', 3, 'order', 'y', 'order_canceled')",
            )
            done.set()

        writer = threading.Thread(target=cancel_elsewhere)
        writer.start()
        assert not done.wait(1.0), "the write went through while another transaction held the lock"
        holder.rollback()
        assert done.wait(10.0)
        writer.join()
    finally:
        holder.close()
    assert totals(imported)["MUG"] == -2
