"""Backfill: a store's history from its integration onward, in bounded chunks, resumable after a failure,
without touching the incremental watermark."""

from __future__ import annotations

import json
import os
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from amazon_orders import runs, tasks
from amazon_orders.pipeline import extract
from amazon_orders.sp_api import SpApiError
from tests.views import execute, query
from tests.worlds import listing, order, product, store, world

from .conftest import client_for

INTEGRATED = datetime(2026, 11, 1, tzinfo=UTC)


def history_world() -> dict:
    """One order a day from Oct 30 (before integration) to Nov 19, last updated the day it was placed."""
    orders = []
    for day in range(21):
        placed = f"{(INTEGRATED + timedelta(days=day - 2, hours=9)).strftime('%Y-%m-%dT%H:%M:%SZ')}"
        orders.append(order(200 + day, ("AMZ-MUG", 1), purchased=placed))
    return world(*orders, stores=[store()], catalog=[product("MUG", qty=100)], listings=[listing("MUG")])


def stored_ids(conn) -> set[str]:
    return {r["amazon_order_id"] for r in query(conn, 'SELECT amazon_order_id FROM amazon."order"')}


def expected_ids(first_day: int = 2) -> set[str]:
    return {f"111-{200 + d:07d}-{200 + d:07d}" for d in range(first_day, 21)}


def syncing_store(conn) -> int:
    """A store that has synced already: its watermark is now, so incremental runs never see the history."""
    store_id = query(conn, "SELECT store_id FROM amazon.store")[0]["store_id"]
    execute(
        conn,
        "INSERT INTO amazon.watermark (store_id, last_updated_before, run_key) "
        "VALUES (%s, '2026-11-20T11:58:00Z', 'earlier')",
        (store_id,),
    )
    return store_id


def test_backfill_pulls_history_in_chunks_and_resumes_after_a_failure(world_loaded, conn):
    runner = world_loaded(history_world())
    store_id = syncing_store(conn)
    client = client_for(runner, "A2SELLERUS", max_attempts=2)
    extract.extract_orders(conn, client, store_id, runs.run_key("incremental", store_id))
    assert stored_ids(conn) == set()  # the history is older than the incremental window
    watermark = query(conn, "SELECT last_updated_before FROM amazon.watermark")

    first = extract.backfill_store(
        conn, client, store_id, runs.run_key("backfill-1", store_id), chunk=timedelta(days=2), max_chunks=3
    )
    assert first == {"backfill_chunks": 3, "backfill_orders": 6, "backfill_done": False}
    assert stored_ids(conn) == {f"111-{200 + d:07d}-{200 + d:07d}" for d in range(2, 8)}

    # The 4th chunk's getOrders fails for good: the three chunks before it stay committed.
    runner.sim.inject_fault("getOrders", "error503", count=2)
    with pytest.raises(SpApiError):
        extract.backfill_store(conn, client, store_id, runs.run_key("backfill-2", store_id))
    progress = query(conn, "SELECT state, chunks_done, next_start FROM amazon.backfill")
    assert progress == [{"state": "running", "chunks_done": 3, "next_start": INTEGRATED + timedelta(days=6)}]

    # A later run resumes at the first uncommitted chunk (its own window and chunk win) and finishes.
    counts = extract.backfill_store(conn, client, store_id, runs.run_key("backfill-3", store_id))
    assert counts["backfill_done"] is True
    assert stored_ids(conn) == expected_ids()  # from the integration onward: Oct 30 and 31 are not pulled
    windows = [
        r["params"]["CreatedAfter"]
        for r in query(
            conn,
            "SELECT params FROM amazon.api_response WHERE operation = 'getOrders' "
            "AND params ? 'CreatedAfter' ORDER BY response_id",
        )
    ]
    end = runner.sim.now() - timedelta(minutes=2)
    chunks = -(-(end - INTEGRATED) // timedelta(days=2))
    assert len(windows) == len(set(windows)) == chunks  # two-day chunks up to now, none asked twice
    [done] = query(conn, "SELECT state, chunks_done, orders FROM amazon.backfill")
    assert done == {"state": "done", "chunks_done": chunks, "orders": 19}
    assert query(conn, "SELECT last_updated_before FROM amazon.watermark") == watermark  # untouched
    assert query(conn, "SELECT count(*) AS n FROM amazon.order_item")[0]["n"] == 19
    assert query(conn, "SELECT count(*) AS n FROM amazon.api_call_log WHERE status = 503")[0]["n"] == 2


def test_backfill_task_with_a_window_then_the_import_takes_over(world_loaded, conn, db_url, monkeypatch):
    runner = world_loaded(history_world())
    store_id = syncing_store(conn)
    monkeypatch.setenv("AIRFLOW_CONN_COMMERCE_DB", db_url)
    monkeypatch.setenv("AIRFLOW_CONN_AMAZON_SP_API", json.dumps(runner.dags.sp_api))
    window = {"start": "2026-11-10T00:00:00Z", "end": "2026-11-15T00:00:00Z", "chunk_days": 1}
    run_id = f"manual__{uuid.uuid4()}"
    counts = tasks.backfill_store(store_id, run_id, window)
    read = query(
        conn, "SELECT DISTINCT operation FROM amazon.api_response WHERE run_key LIKE %s", (f"{run_id}/%",)
    )
    assert [r["operation"] for r in read] == ["searchOrders"]  # by purchase date through v2026, the default
    assert counts == {"backfill_chunks": 5, "backfill_orders": 5, "backfill_done": True}
    assert stored_ids(conn) == {f"111-{200 + d:07d}-{200 + d:07d}" for d in range(11, 16)}
    runner.dags.dags_test("amazon_order_import")  # the backfilled orders import like any other
    imported = {r["ext_order_id"] for r in query(conn, "SELECT ext_order_id FROM commerce.sales_order")}
    assert imported == stored_ids(conn)


def test_the_backfill_dag_is_manual_and_documented():
    os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
    from airflow.dag_processing.dagbag import DagBag

    dags = Path(__file__).resolve().parents[2] / "dags"
    dag = DagBag(dag_folder=str(dags)).dags["amazon_order_backfill"]
    assert type(dag.timetable).__name__ == "NullTimetable"  # manual only
    assert dag.max_active_runs == 1 and dag.tags
    assert dag.doc_md.strip().startswith("### Amazon order backfill")
    assert {"stores", "start", "end", "chunk_days", "max_chunks"} <= set(dag.params.keys())
    assert all(task.retries >= 1 for task in dag.tasks)
