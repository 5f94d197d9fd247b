"""Where the dashboard reads from: the Airflow connection `commerce_db`, as the tasks do."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing, contextmanager

from psycopg2.extensions import make_dsn

from amazon_orders import db
from amazon_orders.settings import COMMERCE_DB_CONN_ID


def commerce_dsn() -> str:
    from airflow.models.connection import Connection

    conn = Connection.get_connection_from_secrets(COMMERCE_DB_CONN_ID)
    return make_dsn(
        host=conn.host,
        port=conn.port,
        user=conn.login,
        password=conn.password,
        dbname=conn.schema,
        **conn.extra_dejson,
    )


@contextmanager
def reading() -> Iterator[db.Connection]:
    """A read-only connection for one page."""
    with closing(db.connect(commerce_dsn())) as conn:
        conn.set_session(readonly=True)
        yield conn
