"""Where the laptop's services and state are: the configured ones, or the embedded defaults.

Each environment variable of the public contract is optional; unset means the embedded
default (an embedded Postgres under the state folder, a simulator on a free port).
"""

from __future__ import annotations

import os
from pathlib import Path

from amazon_orders import settings

STATE_HOME = Path(os.environ.get("AMAZON_ORDERS_STATE", settings.PROJECT_HOME / ".local"))
DEMO_SCENARIO = settings.PROJECT_HOME / "include" / "scenarios" / "demo.yaml"
# PYTHONPATH of a process that runs the product and the testbed (the Makefile's, too).
IMPORT_PATH = os.pathsep.join(str(settings.PROJECT_HOME / folder) for folder in ("plugins", "testbed"))


def commerce_db() -> str:
    """COMMERCE_DB_URL, or the embedded Postgres (started if needed)."""
    configured = settings.commerce_db_url()
    if configured:
        return configured
    from local_harness import embedded_postgres

    return embedded_postgres.ensure_running()


def sp_api_endpoint() -> str | None:
    return os.environ.get("SP_API_ENDPOINT") or None


def lwa_endpoint() -> str | None:
    return os.environ.get("LWA_ENDPOINT") or None
