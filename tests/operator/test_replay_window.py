"""The trigger form's replay window, in-process: getOrders over the window (even behind the
watermark, which never moves back) and candidates limited to orders purchased in it."""

from __future__ import annotations

from datetime import UTC, datetime

from amazon_orders import runs
from amazon_orders.pipeline import candidates, dry_run, extract
from tests import views
from tests.worlds import IMPORT, listing, order, product, world


def test_replay_refetches_a_past_window_and_narrows_the_candidates(play, conn):
    runner = play(
        world(
            order(1, ("AMZ-MUG", 1), purchased="2026-11-20T09:00:00Z"),
            order(2, ("AMZ-LAMP", 1), purchased="2026-11-20T10:00:00Z"),
            order(3, ("AMZ-LAMP", 1), purchased="2026-11-20T11:00:00Z"),
            catalog=[product("MUG")],
            listings=[listing("MUG"), listing(None, "AMZ-LAMP")],
            steps=[IMPORT],
        )
    )
    [before] = views.query(conn, "SELECT last_updated_before FROM amazon.watermark")
    client = runner.dags.client("A2SELLERUS")
    window = (datetime(2026, 11, 20, 9, 30, tzinfo=UTC), datetime(2026, 11, 20, 10, 30, tzinfo=UTC))
    run_key = runs.run_key("replay-test", 1)

    counts = extract.extract_orders(conn, client, 1, run_key, window)
    assert counts == {
        "fetched": 1,
        "new_or_changed": 0,
        "fetched_again_for_buyer_data": 0,
    }  # only order 2 was last updated in the window
    assert views.query(conn, "SELECT last_updated_before FROM amazon.watermark") == [before]

    in_window = dry_run.orders_purchased_between(conn, 1, *window)
    assert in_window == ["111-0000002-0000002"]
    assert candidates.select_candidates(conn, 1, run_key, in_window)["candidates"] == 1
