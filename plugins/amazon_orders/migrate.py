"""Versioned schema migrations: include/sql/migrations/NNN_name.sql, applied in order, once.

`python -m amazon_orders.migrate` applies them to COMMERCE_DB_URL (`make migrate` to the
laptop's embedded Postgres when it is unset). A migration that has landed is never edited;
a change is a new file.
"""

from __future__ import annotations

import logging

from amazon_orders import db
from amazon_orders.settings import SQL_HOME, commerce_db_url

log = logging.getLogger(__name__)


def pending(applied: set[str]) -> list[str]:
    names = sorted(p.stem for p in (SQL_HOME / "migrations").glob("[0-9][0-9][0-9]_*.sql"))
    return [n for n in names if n not in applied]


def migrate(dsn: str) -> list[str]:
    """Apply every migration not yet applied; return the names applied now."""
    conn = db.connect(dsn)
    try:
        with db.transaction(conn) as cur:
            cur.execute(db.sql("migrate/lock_migrations"))
            cur.execute(db.sql("migrate/create_migration_log"))
            cur.execute(db.sql("migrate/read_applied"))
            todo = pending({row["name"] for row in cur.fetchall()})
            for name in todo:
                cur.execute((SQL_HOME / "migrations" / f"{name}.sql").read_text())
                cur.execute(db.sql("migrate/log_migration"), {"name": name})
                log.info("applied migration %s", name)
        return todo
    finally:
        conn.close()


def reset(dsn: str) -> None:
    """Drop the schemas and migrate from scratch: empty tables (for test and bench databases)."""
    conn = db.connect(dsn)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(db.sql("reset_schemas"))
    finally:
        conn.close()
    migrate(dsn)


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    dsn = commerce_db_url()
    if dsn is None:
        raise SystemExit("amazon_orders.migrate: set COMMERCE_DB_URL to the database to migrate")
    applied = migrate(dsn)
    print(f"migrations applied: {', '.join(applied) if applied else 'none (up to date)'}")


if __name__ == "__main__":
    main()
