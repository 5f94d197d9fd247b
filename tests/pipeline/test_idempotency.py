"""Re-running a step or a whole run under the same run key writes nothing twice."""

from __future__ import annotations

import pytest

from amazon_orders.settings import IMPORT_DAG_ID
from amazon_orders.sp_api import Credentials
from tests.views import counts, query
from tests.worlds import IMPORT, listing, order, product, world


@pytest.mark.usefixtures("db_url")
def test_same_run_twice_creates_nothing_twice(play, conn):
    runner = play(
        world(
            order(1, ("AMZ-MUG", 1)),
            order(2, ("AMZ-LAMP", 1)),
            order(3, ("AMZ-MUG", 50)),
            catalog=[product("MUG", qty=5)],
            listings=[listing("MUG")],
            steps=[],
        )
    )
    runner.sim.advance(300)
    runner.dags.dags_test(IMPORT_DAG_ID, dag_run_id="manual__same")
    first = counts(conn)
    runner.dags.dags_test(IMPORT_DAG_ID, dag_run_id="manual__same")
    assert counts(conn) == first
    assert first["commerce.sales_order"] == 1
    attempts = {r["amazon_order_id"]: r["attempts"] for r in query(conn, "SELECT * FROM amazon.blocker")}
    assert attempts == {"111-0000002-0000002": 1, "111-0000003-0000003": 1}  # one attempt per run


def test_new_runs_count_attempts_and_keep_one_blocker(play, conn):
    runner = play(world(order(1, ("AMZ-LAMP", 1)), steps=[IMPORT, IMPORT, IMPORT]))
    rows = query(conn, "SELECT attempts, resolved_at FROM amazon.blocker")
    assert rows == [{"attempts": 3, "resolved_at": None}]
    assert runner is not None


def test_client_credentials_never_in_repr():
    credentials = Credentials("client-id", "very-secret", "refresh-token-value")
    assert "very-secret" not in repr(credentials) and "refresh-token-value" not in repr(credentials)
