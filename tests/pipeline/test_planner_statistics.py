"""A large run refreshes the planner statistics of the rows it just wrote (candidates, failures)
before the next steps join on them; a small run leaves that to autovacuum."""

from __future__ import annotations

from amazon_orders.pipeline import candidates, validate
from tests.views import query
from tests.worlds import IMPORT, listing, order, world


def analyzed(conn, table: str) -> bool:
    conn.commit()  # a new transaction: statistics views are read once per transaction
    rows = query(
        conn,
        "SELECT last_analyze FROM pg_stat_user_tables WHERE schemaname = 'amazon' AND relname = %s",
        (table,),
    )
    return rows[0]["last_analyze"] is not None


def blocked_world(play):
    """Three orders for a listing without a product: candidates again at every run, blocked every time."""
    play(
        world(
            *[order(n, ("AMZ-GHOST", 1)) for n in (1, 2, 3)],
            listings=[listing(None, "AMZ-GHOST")],
            steps=[IMPORT],
        )
    )


def test_a_large_run_analyzes_its_candidates_and_failures(play, conn, monkeypatch):
    blocked_world(play)
    monkeypatch.setattr(candidates, "ANALYZE_AT_ROWS", 3)
    monkeypatch.setattr(validate, "ANALYZE_AT_ROWS", 3)
    assert candidates.select_candidates(conn, 1, "large__1/store-1")["candidates"] == 3
    assert analyzed(conn, "import_candidate")
    assert validate.validate_candidates(conn, 1, "large__1/store-1")["failures"] == {"NOT_IN_CATALOG": 3}
    assert analyzed(conn, "validation_failure")


def test_a_small_run_leaves_statistics_to_autovacuum(play, conn, monkeypatch):
    blocked_world(play)
    monkeypatch.setattr(candidates, "ANALYZE_AT_ROWS", 4)
    monkeypatch.setattr(validate, "ANALYZE_AT_ROWS", 4)
    candidates.select_candidates(conn, 1, "small__1/store-1")
    validate.validate_candidates(conn, 1, "small__1/store-1")
    assert not analyzed(conn, "import_candidate")
    assert not analyzed(conn, "validation_failure")
