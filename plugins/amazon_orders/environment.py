"""Where the services are: the configured ones, or the embedded defaults."""

from __future__ import annotations

from amazon_orders import settings


def commerce_db() -> str:
    """COMMERCE_DB_URL, or the embedded Postgres (started if needed)."""
    configured = settings.commerce_db_url()
    if configured:
        return configured
    from amazon_orders import embedded_postgres

    return embedded_postgres.ensure_running()
