"""Validation reads the candidate lines in chunks of whole orders: no order is split between
two chunks, the stream's last order does not cost a chunk of its own, and stock taken by
the orders of one chunk is gone for the next; a run without candidates has no chunk."""

from __future__ import annotations

from amazon_orders.pipeline import candidates, extract, validate
from tests.worlds import listing, order, product, world

FIRST, SECOND, THIRD = (f"111-{n:07d}-{n:07d}" for n in (1, 2, 3))


def candidates_of(play, conn, *orders: dict, mugs: int = 10) -> str:
    """Extract `orders` and select them as candidates; the run's key."""
    runner = play(
        world(
            *orders,
            catalog=[product("MUG", qty=mugs), product("CUP", qty=10)],
            listings=[listing("MUG"), listing("CUP")],
            steps=[],
        )
    )
    runner.sim.advance(300)
    key = "chunks__1/store-1"
    extract.extract_orders(conn, runner.dags.client("A2SELLERUS"), 1, key)
    candidates.select_candidates(conn, 1, key)
    return key


def three_orders(**lines: int) -> list[dict]:
    """Orders of 2, 2 and 1 lines, placed one hour apart."""
    return [
        order(1, ("AMZ-MUG", lines.get("first", 1)), ("AMZ-CUP", 1), purchased="2026-11-20T08:00:00Z"),
        order(2, ("AMZ-MUG", lines.get("second", 1)), ("AMZ-CUP", 1), purchased="2026-11-20T09:00:00Z"),
        order(3, ("AMZ-MUG", lines.get("third", 1)), purchased="2026-11-20T10:00:00Z"),
    ]


def test_chunks_hold_whole_orders_and_the_last_order_joins_the_last_chunk(play, conn):
    key = candidates_of(play, conn, *three_orders())
    with conn:
        chunks = [
            list(dict.fromkeys(c["amazon_order_id"])) for c in validate.read_chunks(conn, key, chunk_lines=3)
        ]
    assert chunks == [[FIRST], [SECOND, THIRD]]
    with conn:
        assert list(validate.read_chunks(conn, "no-such-run")) == []


def test_stock_taken_in_one_chunk_is_gone_for_the_next(play, conn, monkeypatch):
    key = candidates_of(play, conn, *three_orders(first=2, second=2, third=1), mugs=4)
    monkeypatch.setattr(validate, "VALIDATE_CHUNK_LINES", 3)
    result = validate.validate_candidates(conn, 1, key)
    assert result == {"lines": 5, "failures": {"OUT_OF_STOCK": 1}}
    with conn.cursor() as cur:
        cur.execute("SELECT amazon_order_id FROM amazon.validation_failure WHERE run_key = %s", (key,))
        assert cur.fetchall() == [(THIRD,)]
