"""The benchmark's COPY floor copies exactly the rows a validate + load run wrote."""

from __future__ import annotations

import pytest

from amazon_orders import db
from local_harness.bench import floor, synthetic
from local_harness.bench.measure import pipeline


def test_the_floor_copies_every_row_the_run_wrote_into_bare_tables(conn: db.Connection) -> None:
    synthetic.write_world(conn, 300)
    synthetic.write_orders(conn, 300)
    conn.commit()
    before = floor.row_counts(conn)
    stores = [s["store_id"] for s in db.fetch_all(conn, "extract/list_stores")]
    imported = pipeline(conn, "floor", stores)["imported"]
    after = floor.row_counts(conn)

    with floor.written_rows(conn, before) as rows:
        assert {
            ("commerce", "sales_order"),
            ("commerce", "sales_order_item"),
            ("commerce", "sales_order_address"),
            ("commerce", "inventory_reservation"),
            ("amazon", "order_event"),
        } <= set(rows)
        assert ("amazon", "order") not in rows  # filled by the world; the run only updates it
        assert floor.rows_written(rows) == sum(after[t] - before[t] for t in rows) > imported
        assert floor.copy_seconds(conn, rows) > 0
        assert floor.copy_seconds(conn, rows) > 0  # again: the bare tables are made afresh

    with db.transaction(conn) as cur:  # the bare tables are gone with their schema
        cur.execute(
            "SELECT count(*) AS n FROM information_schema.schemata WHERE schema_name = %s", (floor.SCHEMA,)
        )
        assert cur.fetchone()["n"] == 0


def test_a_table_that_had_rows_and_got_more_is_refused_by_name() -> None:
    with pytest.raises(RuntimeError, match="commerce.customer_entity had rows before"):
        floor.written_tables({("commerce", "customer_entity"): 2}, {("commerce", "customer_entity"): 3})
    assert floor.written_tables({("a", "b"): 0, ("a", "c"): 4}, {("a", "b"): 5, ("a", "c"): 4}) == [
        ("a", "b")
    ]
