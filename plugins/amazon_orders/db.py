"""Postgres access: connections and the SQL files of include/sql.

Python passes parameters; values are never formatted into SQL text.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

import psycopg2
import psycopg2.extras

from amazon_orders.settings import SQL_HOME

# How the package's connections name themselves to Postgres (pg_stat_activity).
APPLICATION = "amazon_orders"
# The seller-pacing connections: a ~1 ms statement a request, not a run's work in the database.
PACING_APPLICATION = f"{APPLICATION} pacing"


class Connection(psycopg2.extensions.connection):
    """A connection that can open a sibling on the same database, for work done side by side."""

    def __init__(self, dsn: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(dsn, *args, **kwargs)
        self._dsn = dsn  # with its password, as libpq holds it: never logged or shown

    def sibling(self, application_name: str = APPLICATION) -> Connection:
        return connect(self._dsn, application_name)


@cache
def sql(name: str) -> str:
    """The statement in include/sql/<name>.sql."""
    return (SQL_HOME / f"{name}.sql").read_text()


def connect(dsn: str, application_name: str = APPLICATION) -> Connection:
    conn = psycopg2.connect(dsn, application_name=application_name, connection_factory=Connection)
    conn.autocommit = False
    with transaction(conn) as cur:
        cur.execute(sql("session/plan_without_jit"))
    return conn


@contextmanager
def transaction(conn: psycopg2.extensions.connection) -> Iterator[psycopg2.extras.RealDictCursor]:
    """A cursor whose work commits together, or not at all."""
    try:
        with conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
            yield cur
        conn.commit()
    except BaseException:
        conn.rollback()
        raise


def fetch_all(conn: psycopg2.extensions.connection, name: str, params: Any = None) -> list[dict]:
    with transaction(conn) as cur:
        cur.execute(sql(name), params)
        return list(cur.fetchall())


def fetch_one(conn: psycopg2.extensions.connection, name: str, params: Any = None) -> dict | None:
    rows = fetch_all(conn, name, params)
    return rows[0] if rows else None


def execute(conn: psycopg2.extensions.connection, name: str, params: Any = None) -> int:
    with transaction(conn) as cur:
        cur.execute(sql(name), params)
        return cur.rowcount
