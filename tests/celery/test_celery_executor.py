"""`amazon_order_import` on Airflow's CeleryExecutor, for real: API server, scheduler, DAG
processor and a Celery worker as separate processes, Redis as the broker, Postgres for
Airflow's metadata, several stores imported in parallel under the `amazon_sp_api` pool.

Redis: AMAZON_ORDERS_TEST_REDIS_URL (default redis://127.0.0.1:6379/11, a database number
kept for this test; the run also uses a queue of its own). Skipped when it is unreachable.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterator
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest
import redis
import yaml

from amazon_orders import db
from amazon_orders.cluster import SP_API_POOL
from amazon_orders.migrate import migrate
from amazon_orders.settings import COMMERCE_DB_CONN_ID, SP_API_CONN_ID
from amazon_orders.sp_api.model import LWA_TOKEN_PATH
from local_harness.scenario import load_scenario
from local_harness.scenario.runner import ScenarioRunner
from tests import worlds
from tests.celery.airflow_cluster import AirflowCluster, create_database, drop_database
from tests.views import blockers, grid

REDIS_URL = os.environ.get("AMAZON_ORDERS_TEST_REDIS_URL", "redis://127.0.0.1:6379/11")
STORES = ["US Store", "UK Store", "DE Store"]
POOL_SLOTS = 2  # fewer than the stores: the pool, not the worker, must hold the third back

pytestmark = [pytest.mark.dagrun, pytest.mark.timeout(900)]


def redis_reachable() -> str | None:
    """None when the broker answers, else why not."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        return f"Redis broker {REDIS_URL} unreachable ({error}); set AMAZON_ORDERS_TEST_REDIS_URL"
    return None


def three_stores() -> dict:
    """Each store: two importable orders and one whose listing is not matched to the catalog."""
    stores, catalog, listings, orders = [], [], [], []
    for n, name in enumerate(STORES, start=1):
        stores.append(worlds.store(name, seller_id=f"A{n}SELLER"))
        catalog.append(worlds.product(f"SKU-{n}", qty=10))
        listings += [worlds.listing(f"SKU-{n}", store_name=name), worlds.listing(None, f"AMZ-NONE-{n}", name)]
        orders += [
            worlds.order(10 * n + 1, (f"AMZ-SKU-{n}", 1), store_name=name),
            worlds.order(10 * n + 2, (f"AMZ-SKU-{n}", 2), store_name=name),
            worlds.order(10 * n + 3, (f"AMZ-NONE-{n}", 1), store_name=name),
        ]
    return worlds.world(*orders, stores=stores, catalog=catalog, listings=listings)


@pytest.fixture
def cluster(test_database_url: str, sim_url: str, tmp_path: Path) -> Iterator[tuple[AirflowCluster, str]]:
    """The cluster, with a Commerce database and an Airflow metadata database of its own
    (dropped afterwards), so no other test touches what its workers are connected to."""
    reason = redis_reachable()
    if reason:
        pytest.skip(reason)
    base = test_database_url.rpartition("/")[0]
    suffix = secrets.token_hex(4)
    commerce_db, metadata_db = f"commerce_celery_{suffix}", f"airflow_celery_{suffix}"
    for name in (commerce_db, metadata_db):
        create_database(f"{base}/postgres", name)
    airflow, left_running = None, []
    try:
        commerce_url = f"{base}/{commerce_db}"
        migrate(commerce_url)
        path = tmp_path / "scenario.yaml"
        path.write_text(yaml.safe_dump(three_stores(), sort_keys=False))
        runner = ScenarioRunner(
            load_scenario(path), commerce_url, sim_url, sim_url + LWA_TOKEN_PATH, in_process=True
        )
        runner.load()
        runner.sim.advance(300)  # as between two cron runs
        # Each store's first order search is throttled for 3 s (Retry-After): an extract lasts that
        # long, so the ones the pool lets run together overlap whatever the machine's load.
        for operation in ("getOrders", "searchOrders"):
            runner.sim.inject_fault(operation, "throttle", count=len(STORES), retry_after=3)
        airflow = AirflowCluster(
            home=tmp_path / "airflow",
            metadata_url=f"{base}/{metadata_db}",
            broker_url=REDIS_URL,
            connections={COMMERCE_DB_CONN_ID: commerce_url, SP_API_CONN_ID: json.dumps(runner.dags.sp_api)},
            extra_env={"AMAZON_SP_API_POOL_SLOTS": str(POOL_SLOTS)},
        )
        airflow.start()
        yield airflow, commerce_url
    finally:
        if airflow is not None:
            airflow.stop()
            left_running = airflow.stragglers()
            redis.Redis.from_url(REDIS_URL).delete(airflow.queue, f"_kombu.binding.{airflow.queue}")
        for name in (commerce_db, metadata_db):
            drop_database(f"{base}/postgres", name)
    assert left_running == [], "every process the cluster started has ended"


def most_at_once(task_instances: list[dict]) -> int:
    """The largest number of these task instances that were running at the same moment."""
    edges = []
    for ti in task_instances:
        edges += [(datetime.fromisoformat(ti["start_date"]), 1), (datetime.fromisoformat(ti["end_date"]), -1)]
    running = peak = 0
    for _, step in sorted(edges):  # an end sorts before a start at the same instant
        running += step
        peak = max(peak, running)
    return peak


def test_import_runs_on_celery_workers_for_every_store(cluster):
    airflow, commerce_url = cluster
    airflow.wait_for_dag("amazon_order_import")
    run_id = airflow.trigger("amazon_order_import")
    # ~2 min when the machine is idle
    state = airflow.wait_for_run("amazon_order_import", run_id, timeout=360)
    assert state == "success", airflow.logs()

    with closing(db.connect(commerce_url)) as conn:
        rows, blocked = grid(conn), blockers(conn)
    imported = {
        name: sorted(k for k, r in rows.items() if r["store_name"] == name and r["commerce_status"])
        for name in STORES
    }
    assert imported == {
        name: [
            worlds.order(10 * n + 1)["order"]["AmazonOrderId"],
            worlds.order(10 * n + 2)["order"]["AmazonOrderId"],
        ]
        for n, name in enumerate(STORES, start=1)
    }
    assert all(r["commerce_status"] == "processing" for r in rows.values() if r["commerce_status"])
    assert blocked == {
        worlds.order(10 * n + 3)["order"]["AmazonOrderId"]: {"NOT_IN_CATALOG"}
        for n in range(1, len(STORES) + 1)
    }

    tis = airflow.task_instances("amazon_order_import", run_id)
    assert {ti["state"] for ti in tis} == {"success"}
    assert {ti["queue"] for ti in tis} == {airflow.queue}, "every task went through the Celery queue"
    extracts = [ti for ti in tis if ti["task_id"] == "import_store.extract_orders"]
    assert len(extracts) == len(STORES)
    assert {ti["pool"] for ti in extracts} == {SP_API_POOL}
    assert most_at_once(extracts) == POOL_SLOTS, "stores run in parallel, as many as the pool allows"
    assert "amazon_order_import" in (airflow.home / "celery-worker.log").read_text()
