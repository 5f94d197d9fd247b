"""The money's definition does not keep the queries that read it to one process (migration 024)."""

from __future__ import annotations

FREE_PARALLEL_PLANS = (
    "SET LOCAL parallel_setup_cost = 0; SET LOCAL parallel_tuple_cost = 0;"
    " SET LOCAL min_parallel_table_scan_size = 0; SET LOCAL max_parallel_workers_per_gather = 2"
)


def test_order_money_may_be_read_by_parallel_workers(conn):
    with conn.cursor() as cur:  # parallel plans made free, so that only parallel safety can refuse one
        cur.execute(FREE_PARALLEL_PLANS)
        cur.execute("EXPLAIN SELECT sum(subtotal), sum(tax_amount) FROM amazon.order_money")
        plan = "\n".join(row[0] for row in cur.fetchall())
    conn.rollback()
    assert "Gather" in plan, plan
