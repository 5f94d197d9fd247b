"""Load batches run side by side, each worker on a connection of its own: every order is
created once, stock comes out exact, and a batch that fails loses nothing of the others."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amazon_orders import db
from amazon_orders.pipeline import load
from tests.views import counts, grid, query, salable
from tests.worlds import listing, order, product, world

ORDERS = 11


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(load, "LOAD_BATCH_SIZE", 2)
    monkeypatch.setattr(load, "LOAD_WORKERS", 3)


def last_units_world(steps: list[dict] | None = None) -> dict:
    purchases = [
        order(n, ("AMZ-MUG", 1), purchased=f"2026-11-20T{n:02d}:00:00Z") for n in range(1, ORDERS + 1)
    ]
    return world(*purchases, catalog=[product("MUG", qty=ORDERS)], listings=[listing("MUG")], steps=steps)


def order_id(n: int) -> str:
    return f"111-{n:07d}-{n:07d}"


@pytest.mark.usefixtures("small_batches")
def test_batches_side_by_side_create_every_order_once(play, conn):
    play(last_units_world())
    assert all(row["commerce_order_number"] for row in grid(conn).values())
    assert counts(conn)["commerce.sales_order"] == ORDERS
    assert salable(conn, "MUG") == 0
    loaded = query(conn, "SELECT counts FROM amazon.import_run WHERE counts ? 'imported'")
    assert sum(row["counts"]["imported"] for row in loaded) == ORDERS


@pytest.mark.usefixtures("small_batches")
def test_a_failing_batch_stops_the_load_and_the_others_stay_whole(play, conn, monkeypatch):
    loading = load._load_batch

    def fail_on_the_third_order(cur, batch, run_key):
        if any(c["amazon_order_id"].startswith("111-0000003") for c in batch):
            raise RuntimeError("the database went away")
        return loading(cur, batch, run_key)

    runner = play(last_units_world(steps=[]))
    monkeypatch.setattr(load, "_load_batch", fail_on_the_third_order)
    with pytest.raises(RuntimeError, match="went away"):
        runner.sync("amazon_order_import")
    created = {row["ext_order_id"] for row in query(conn, "SELECT ext_order_id FROM commerce.sales_order")}
    assert order_id(3) not in created and order_id(4) not in created  # the failing batch: nothing
    assert {order_id(1), order_id(2)} <= created  # the batch before it: whole
    for first in (5, 7, 9):  # batches of two in flight beside it: each whole or not at all
        assert (order_id(first) in created) == (order_id(first + 1) in created)
    assert salable(conn, "MUG") == ORDERS - len(created)
    monkeypatch.setattr(load, "_load_batch", loading)
    runner.sync("amazon_order_import")  # the next run finishes the job
    assert counts(conn)["commerce.sales_order"] == ORDERS and salable(conn, "MUG") == 0


@pytest.mark.usefixtures("small_batches")
@pytest.mark.parametrize("busy_other", [None, db.APPLICATION, db.PACING_APPLICATION])
def test_a_second_worker_only_while_no_other_run_is_busy(play, conn, db_url, monkeypatch, busy_other):
    opened = []
    sibling = db.Connection.sibling

    def counted(self, *args, **kwargs):
        opened.append(sibling(self, *args, **kwargs))
        return opened[-1]

    monkeypatch.setattr(db.Connection, "sibling", counted)
    runner = play(last_units_world(steps=[]))
    other = db.connect(db_url, busy_other or db.APPLICATION)  # another store's run (or a pacer)
    try:
        if busy_other:
            with other.cursor() as cur:
                cur.execute("SELECT 1")  # its transaction stays open
        runner.sync("amazon_order_import")
    finally:
        other.close()
    if busy_other == db.APPLICATION:
        assert len(opened) == 1  # one worker: the database's cores are shared already
    else:  # none, or a seller pacer's connection, which is no run's work
        assert len(opened) > 1  # batches of two, submitted at once: a worker each while they last
    assert counts(conn)["commerce.sales_order"] == ORDERS


@settings(max_examples=300, deadline=None)
@given(orders=st.integers(1, 2_000_000), workers=st.integers(1, 8), batch=st.integers(1, 20_000))
def test_batches_are_about_the_batch_size_and_a_multiple_of_the_workers(orders, workers, batch):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(load, "LOAD_BATCH_SIZE", batch)
        size = load.batch_size(orders, workers)
    batches = math.ceil(orders / size)
    last = orders - (batches - 1) * size
    assert batches * size >= orders and last >= 1  # every order in a batch, no empty batch
    assert size - last < batches  # no short last batch loading alone while the others wait
    if orders >= batch * workers:
        assert batches >= workers  # every worker has work
        assert batch * 3 / 4 <= size <= batch * 3 / 2 + 1  # about the batch size still
