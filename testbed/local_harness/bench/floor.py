"""The COPY floor: the rows a validate + load run wrote, written again by a plain COPY into
tables of the same columns with no index, key, constraint or trigger: the least that
writing those rows durably can cost, against which the pipeline's time is compared.

The rows are those of every table the run filled (Commerce orders, items, addresses,
reservations, status history; the run's candidates, failures, blockers and notes), read
back after the run; updates are not rows written and are left out.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

from psycopg2 import sql as composed

from amazon_orders import db
from amazon_orders.db import Connection

SCHEMA = "bench_floor"
Table = tuple[str, str]  # (schema, name)


def _statement(name: str, **tables: Table) -> composed.Composed:
    """include/sql/bench/<name>.sql with its {placeholders} filled by quoted table names."""
    return composed.SQL(db.sql(f"bench/{name}")).format(
        **{key: composed.Identifier(*table) for key, table in tables.items()}
    )


def row_counts(conn: Connection) -> dict[Table, int]:
    """Rows in each of the package's tables."""
    counts = {}
    with db.transaction(conn) as cur:
        cur.execute(db.sql("bench/list_tables"))
        for table in [(t["schema"], t["name"]) for t in cur.fetchall()]:
            cur.execute(_statement("count_rows", table=table))
            counts[table] = cur.fetchone()["n"]
    return counts


def written_tables(before: dict[Table, int], after: dict[Table, int]) -> list[Table]:
    """The tables a run filled. One that had rows before and got more cannot be told apart
    row by row, so it is refused rather than left out of the floor."""
    filled = [table for table, n in after.items() if n > before.get(table, 0)]
    mixed = [".".join(table) for table in filled if before.get(table)]
    if mixed:
        raise RuntimeError(
            f"COPY floor: {', '.join(mixed)} had rows before the run and got more; "
            "the floor copies whole tables the run filled from empty"
        )
    return filled


@contextmanager
def written_rows(conn: Connection, before: dict[Table, int]) -> Iterator[dict[Table, IO[bytes]]]:
    """Each table the run filled, with its rows as COPY text in an anonymous temporary file."""
    spools: dict[Table, IO[bytes]] = {}
    try:
        with db.transaction(conn) as cur:
            for table in written_tables(before, row_counts(conn)):
                spools[table] = tempfile.TemporaryFile()
                cur.copy_expert(_statement("copy_rows_out", table=table), spools[table])
        yield spools
    finally:
        for spool in spools.values():
            spool.close()


def copy_seconds(conn: Connection, rows: dict[Table, IO[bytes]]) -> float:
    """Seconds for one COPY of each table's rows into a bare table of its columns, committed."""
    db.execute(conn, "bench/drop_floor_schema")
    with db.transaction(conn) as cur:
        cur.execute(db.sql("bench/create_floor_schema"))
        for schema, name in rows:
            cur.execute(
                _statement("create_floor_table", floor=(SCHEMA, f"{schema}_{name}"), table=(schema, name))
            )
    try:
        started = time.perf_counter()
        with db.transaction(conn) as cur:
            for (schema, name), spool in rows.items():
                spool.seek(0)
                cur.copy_expert(_statement("copy_floor_rows", floor=(SCHEMA, f"{schema}_{name}")), spool)
        return time.perf_counter() - started
    finally:
        db.execute(conn, "bench/drop_floor_schema")


def rows_written(rows: dict[Table, IO[bytes]]) -> int:
    """How many rows the floor writes (one a line of COPY text)."""
    total = 0
    for spool in rows.values():
        spool.seek(0)
        total += sum(1 for _ in spool)
    return total
