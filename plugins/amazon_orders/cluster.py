"""What an Airflow cluster needs before the DAGs run: the pools, and the two connections.

`python -m amazon_orders.cluster` (the compose init service runs it after `airflow db
migrate`) creates or updates the pools and checks that the connections `commerce_db` and
`amazon_sp_api` resolve, naming what is missing; it never prints a secret.

The pool `amazon_sp_api` is held by every task that calls SP-API (extract, confirm
shipments). Its slots bound how many such tasks run at once across *all* workers, so
adding Celery workers adds throughput for the database steps without multiplying the
call rate to Amazon. Default 4 slots: each DAG has at most one SP-API task per store at a
time (`max_active_runs=1`, one mapped task per store); the tasks calling for one seller
share its usage plan (see seller_pacing) and back off on 429, while the import and the
reconciliation can each work on two stores at once. Set
`AMAZON_SP_API_POOL_SLOTS` to change it (the init service applies it at every start).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

from amazon_orders.settings import COMMERCE_DB_CONN_ID, SP_API_CONN_ID

SP_API_POOL = "amazon_sp_api"


@dataclass(frozen=True)
class PoolSpec:
    name: str
    slots: int
    description: str


def pools() -> list[PoolSpec]:
    """The pools the DAGs use, with their slots (from the environment or the default)."""
    slots = int(os.environ.get("AMAZON_SP_API_POOL_SLOTS", "4"))
    if slots < 1:
        raise ValueError(f"AMAZON_SP_API_POOL_SLOTS must be at least 1, not {slots}")
    return [
        PoolSpec(
            SP_API_POOL,
            slots,
            "Tasks that call Amazon SP-API: caps concurrent callers cluster-wide (usage plans)",
        )
    ]


def ensure_pools() -> list[PoolSpec]:
    """Create or update every pool in Airflow's metadata database."""
    from airflow.models.pool import Pool

    wanted = pools()
    for spec in wanted:
        Pool.create_or_update_pool(spec.name, spec.slots, spec.description, include_deferred=False)
    return wanted


def missing_connections() -> list[str]:
    """The connection ids the DAGs need that no secrets backend (environment included) provides."""
    from airflow.exceptions import AirflowNotFoundException
    from airflow.models.connection import Connection

    missing = []
    for conn_id in (COMMERCE_DB_CONN_ID, SP_API_CONN_ID):
        try:
            Connection.get_connection_from_secrets(conn_id)
        except AirflowNotFoundException:
            missing.append(conn_id)
    return missing


def main() -> int:
    for spec in ensure_pools():
        print(f"pool {spec.name}: {spec.slots} slots")
    missing = missing_connections()
    if missing:
        print(
            f"missing Airflow connection(s) {missing}: set AIRFLOW_CONN_{missing[0].upper()} "
            "(see .env.example) or add them in the UI",
            file=sys.stderr,
        )
        return 1
    print(f"connections {COMMERCE_DB_CONN_ID}, {SP_API_CONN_ID}: found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
