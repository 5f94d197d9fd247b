"""Every setting's name and default, defined once.

Environment variables are the public contract of DESIGN.md; each is optional and
unset means the embedded default.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

# Where the project lives: include/sql and the local state folder are found from here.
PROJECT_HOME = Path(os.environ.get("AMAZON_ORDERS_HOME", Path(__file__).resolve().parents[2]))
SQL_HOME = PROJECT_HOME / "include" / "sql"

# Airflow connection ids; inside Airflow the environment below becomes these.
COMMERCE_DB_CONN_ID = "commerce_db"
SP_API_CONN_ID = "amazon_sp_api"
# The AWS connection the ORDER_CHANGE queue is read through (an SQS-compatible endpoint, such as the
# local moto server, goes in its extra as endpoint_url).
NOTIFICATIONS_AWS_CONN_ID = "amazon_notifications_aws"

# The DAG ids (public: DESIGN.md); each DAG file is named for its id.
IMPORT_DAG_ID = "amazon_order_import"
RECONCILIATION_DAG_ID = "amazon_order_reconciliation"
BACKFILL_DAG_ID = "amazon_order_backfill"
# Removes the buyer's personal data from the raw Amazon copies of orders final for long enough.
RETENTION_DAG_ID = "amazon_personal_data_retention"
# An example analyst DAG, scheduled on the import's asset (amazon_orders.assets).
REVENUE_EXAMPLE_DAG_ID = "amazon_orders_revenue_example"
# Imports the orders Amazon's ORDER_CHANGE notifications name, started by the queue's Asset watcher.
NOTIFICATIONS_DAG_ID = "amazon_order_notifications"
DAG_IDS = (
    IMPORT_DAG_ID,
    RECONCILIATION_DAG_ID,
    BACKFILL_DAG_ID,
    RETENTION_DAG_ID,
    REVENUE_EXAMPLE_DAG_ID,
    NOTIFICATIONS_DAG_ID,
)

# How often the import runs (the mission's documented best practice: every 5 minutes).
SYNC_INTERVAL = timedelta(minutes=5)
# The SQS queue Amazon sends the ORDER_CHANGE notifications to (its URL); unset: no watcher, and the
# notifications DAG never starts (the 5-minute poll imports everything, as always).
NOTIFICATIONS_QUEUE_URL = os.environ.get("AMAZON_ORDERS_NOTIFICATIONS_QUEUE_URL") or None
# The triggerer asks the queue again this long after an empty answer (each ask waits up to a second).
NOTIFICATIONS_POLL_SECONDS = int(os.environ.get("AMAZON_ORDERS_NOTIFICATIONS_POLL_SECONDS", "5"))
# getOrders windows overlap the last one by this much: late-visible updates are not missed.
WATERMARK_OVERLAP = timedelta(minutes=10)
# A store task finds its seller's searchOrders walk fresh (another task of the sync, or the
# other DAG, walked it) when its watermark is at most this old: it then fetches nothing.
WALK_FRESHNESS = SYNC_INTERVAL / 2


@dataclass(frozen=True)
class Resweep:
    """A walk now and then reaches further back than the overlap: Amazon sometimes shows an
    order in the search results long after its lastUpdatedTime (reports of up to an hour)."""

    name: str
    every: timedelta
    reach: timedelta


RESWEEPS = (
    Resweep("hourly", every=timedelta(hours=1), reach=timedelta(hours=6)),
    Resweep("daily", every=timedelta(days=1), reach=timedelta(days=3)),
)
# The first sync of a store looks back this far before its integration, so orders placed
# before integration are stored (view-only, never imported).
FIRST_SYNC_LOOKBACK = timedelta(days=30)
# The backfill DAG asks Amazon for this many days of purchases per query (each commits alone).
BACKFILL_CHUNK_DAYS = 7
# Days an order stays final (shipped, canceled) before its raw Amazon copies lose the buyer's
# name, email, address and phone (the retention DAG; the Commerce order keeps its own record).
PERSONAL_DATA_RETENTION_DAYS = int(os.environ.get("AMAZON_ORDERS_PERSONAL_DATA_RETENTION_DAYS", "30"))
# Commerce orders are created in batches of this many orders, one transaction each.
# Orders a store stored while view-only, fetched again with the buyer's data per run once it
# imports (getOrder's burst is 30: a run spends no more than that).
BUYER_DATA_REFETCH_PER_RUN = int(os.environ.get("AMAZON_ORDERS_BUYER_DATA_REFETCH_PER_RUN", "30"))
LOAD_BATCH_SIZE = int(os.environ.get("AMAZON_ORDERS_LOAD_BATCH_SIZE", "5000"))
# Batches loaded side by side, each on a connection of its own (Postgres does the work: while
# one batch holds the allocation lock to commit, another is inserting).
LOAD_WORKERS = int(os.environ.get("AMAZON_ORDERS_LOAD_WORKERS", "2"))
# A step that writes at least this many rows into a table the next steps join on (the
# candidates, the validation failures) refreshes that table's planner statistics first:
# autovacuum has not seen them yet, and a plan made on stale counts turns a join of a
# large run into a nested loop over every row.
ANALYZE_AT_ROWS = int(os.environ.get("AMAZON_ORDERS_ANALYZE_AT_ROWS", "1000"))


def commerce_db_url() -> str | None:
    """COMMERCE_DB_URL, or None (the laptop harness then starts its embedded Postgres)."""
    return os.environ.get("COMMERCE_DB_URL") or None


# Task retries and their first delay (the demo and tests shorten the delay: `airflow dags
# test` waits it out in-process).
TASK_RETRIES = int(os.environ.get("AMAZON_ORDERS_TASK_RETRIES", "3"))
RETRY_DELAY = timedelta(seconds=float(os.environ.get("AMAZON_ORDERS_RETRY_DELAY_SECONDS", "30")))

# Candidate lines are validated in chunks of about this many lines (whole orders), so
# memory stays flat however many orders a backfill brings.
VALIDATE_CHUNK_LINES = int(os.environ.get("AMAZON_ORDERS_VALIDATE_CHUNK_LINES", "50000"))


def _minutes(name: str, default: str) -> timedelta:
    return timedelta(minutes=float(os.environ.get(name, default)))


# Each task's execution_timeout: a task past it (a socket that never answers, a lock never
# released) is failed and retried, instead of holding every later run (max_active_runs=1).
# Listing the stores reads one small table.
LIST_STORES_TIMEOUT = _minutes("AMAZON_ORDERS_LIST_STORES_TIMEOUT_MINUTES", "2")
# A store's SP-API task is paced by Amazon's usage plans: searchOrders gives 20 pages at once,
# then one every 3 minutes, so a busy seller's walk over the sync window plus the overlap (or
# a first sync's 30 days) takes tens of minutes; confirmations are one call per shipment.
SP_API_TASK_TIMEOUT = _minutes("AMAZON_ORDERS_SP_API_TASK_TIMEOUT_MINUTES", "60")
# Candidates, validation, load and blockers: set-based SQL, minutes at a million order lines.
DATABASE_TASK_TIMEOUT = _minutes("AMAZON_ORDERS_DATABASE_TASK_TIMEOUT_MINUTES", "30")
# A backfill run walks its chunks (7 days of purchases each) at getOrders' pace: hours.
BACKFILL_TASK_TIMEOUT = _minutes("AMAZON_ORDERS_BACKFILL_TASK_TIMEOUT_MINUTES", "360")
# A run of the import or the reconciliation not done this long after it was queued is
# announced by email (a Deadline Alert, run by the triggerer): later runs wait behind it.
RUN_DEADLINE = _minutes("AMAZON_ORDERS_RUN_DEADLINE_MINUTES", "15")

# Every task of every DAG: retried with exponential back-off from RETRY_DELAY; a task that
# talks to Amazon, or lists the stores, says its own timeout.
TASK_DEFAULTS = {
    "retries": TASK_RETRIES,
    "retry_delay": RETRY_DELAY,
    "retry_exponential_backoff": True,
    "execution_timeout": DATABASE_TASK_TIMEOUT,
}
