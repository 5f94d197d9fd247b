"""Latency from an order's creation at the simulator to its Commerce order, on Airflow's scheduler
(API server, scheduler, DAG processor, triggerer) with Amazon's usage plans in real time: with
ORDER_CHANGE notifications (moto's SQS server, the queue's Asset watcher, the import still polling
every 5 minutes) and with polling only.

The simulator's clock follows the real one (a thread sets it every half second), so the poll's
two-minute rule and its 5-minute schedule are Amazon's. Orders come one at a time, spread over the
window, so they meet the schedule at every phase; each one's latency ends when its Amazon row has a
Commerce order. Prints p50 and p95 per mode.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml

from amazon_orders import db, notifications
from amazon_orders.settings import (
    IMPORT_DAG_ID,
    NOTIFICATIONS_AWS_CONN_ID,
    NOTIFICATIONS_DAG_ID,
    SP_API_CONN_ID,
)
from amazon_orders.sp_api.model import LWA_TOKEN_PATH
from amazon_orders.sp_api.model.timestamps import format_amazon_time
from local_harness.scenario import load_scenario
from local_harness.scenario.runner import ScenarioRunner
from local_harness.sqs import LocalSqs, running_sqs
from local_harness.standalone import AirflowServer, scenario_connection
from sp_api_simulator import SimulatorControl, running_simulator
from sp_api_simulator.notifier import Notifier

SELLER = "A2SELLERUS"
MARKETPLACE = "ATVPDKIKX0DER"
MODES = ("notifications", "polling")
# An order not imported this long after its creation counts as lost (the poll's worst case is the
# 5-minute schedule plus the two-minute rule plus a run).
GIVE_UP = timedelta(minutes=10)


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share 0.5: the median; 0.95: p95)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _document(now: datetime) -> dict:
    return {  # no "now": the simulator's clock is the real one (_real_time)
        "stores": [
            {
                "name": "US Store",
                "seller_id": SELLER,
                "marketplace_id": MARKETPLACE,
                "integrated_at": format_amazon_time(now - timedelta(hours=1)),
            }
        ],
        "catalog": [{"sku": "MUG", "name": "Mug", "price": "10.00", "enabled": True, "qty": 100_000}],
        "listings": [{"store": "US Store", "seller_sku": "AMZ-MUG", "asin": "B0BENCH001", "sku": "MUG"}],
        "orders": [],
    }


def _order(number: int, at: datetime) -> tuple[dict, list[dict]]:
    order_id = f"113-{number:07d}-{number:07d}"
    order = {
        "AmazonOrderId": order_id,
        "PurchaseDate": format_amazon_time(at),
        "LastUpdateDate": format_amazon_time(at),
        "OrderStatus": "Unshipped",
        "FulfillmentChannel": "MFN",
        "MarketplaceId": MARKETPLACE,
        "OrderTotal": {"CurrencyCode": "USD", "Amount": "10.00"},
    }
    item = {
        "OrderItemId": f"{number:07d}0000001",
        "ASIN": "B0BENCH001",
        "SellerSKU": "AMZ-MUG",
        "QuantityOrdered": 1,
        "ItemPrice": {"CurrencyCode": "USD", "Amount": "10.00"},
    }
    return order, [item]


@contextmanager
def _real_time(control: SimulatorControl) -> Iterator[None]:
    """The simulator's clock set to the real one every half second while the block runs."""
    stop = threading.Event()

    def tick() -> None:
        while not stop.wait(0.5):
            control.set_now(datetime.now(UTC).replace(microsecond=0))

    thread = threading.Thread(target=tick, name="bench-real-time", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(5)


def _subscribe(sp_api: dict, queue_arn: str) -> None:
    variable = f"AIRFLOW_CONN_{SP_API_CONN_ID.upper()}"
    before = os.environ.get(variable)
    os.environ[variable] = json.dumps(sp_api)
    try:
        notifications.setup(queue_arn, "amazon-orders-bench")
    finally:
        if before is None:
            del os.environ[variable]
        else:
            os.environ[variable] = before


def _imported(db_url: str, order_ids: list[str]) -> set[str]:
    with closing(db.connect(db_url)) as conn:
        rows = db.fetch_all(conn, "bench/read_imported_orders", {"order_ids": order_ids})
    return {r["amazon_order_id"] for r in rows}


def measure(db_url: str, mode: str, orders: int, spread: timedelta) -> dict:
    """One mode's latencies (seconds) for `orders` orders created over `spread`."""
    from amazon_orders.migrate import reset

    reset(db_url)
    now = datetime.now(UTC).replace(microsecond=0)
    with (
        running_sqs() as sqs,
        running_simulator(
            now, rate_scale=1.0, contract_check=False, notifier=Notifier(sqs.endpoint)
        ) as sim_url,
        tempfile.TemporaryDirectory(prefix="bench-latency-") as home,
    ):
        control = SimulatorControl(sim_url)
        with _real_time(control):
            server = _airflow(db_url, sim_url, sqs, mode, Path(home), now)
            with server:
                return _play(db_url, control, mode, orders, spread)


def _airflow(db_url: str, sim_url: str, sqs: LocalSqs, mode: str, home: Path, now: datetime) -> AirflowServer:
    path = home / "scenario.yaml"
    path.write_text(yaml.safe_dump(_document(now), sort_keys=False))
    runner = ScenarioRunner(load_scenario(path), db_url, sim_url, sim_url + LWA_TOKEN_PATH, airflow_home=home)
    runner.load()
    sp_api = scenario_connection(runner)
    extra_env = {"AMAZON_ORDERS_RUN_DEADLINE_MINUTES": "0"}
    unpause: tuple[str, ...] = (IMPORT_DAG_ID,)
    if mode == "notifications":
        queue = sqs.create_queue("amazon-order-changes")
        _subscribe(sp_api, queue.arn)
        extra_env |= {
            "AMAZON_ORDERS_NOTIFICATIONS_QUEUE_URL": queue.url,
            "AMAZON_ORDERS_NOTIFICATIONS_POLL_SECONDS": "1",
            f"AIRFLOW_CONN_{NOTIFICATIONS_AWS_CONN_ID.upper()}": json.dumps(sqs.aws_connection()),
        }
        unpause += (NOTIFICATIONS_DAG_ID,)
    return AirflowServer(
        db_url, sp_api, home=home / "airflow", schedule=True, unpause=unpause, extra_env=extra_env
    )


def _play(db_url: str, control: SimulatorControl, mode: str, orders: int, spread: timedelta) -> dict:
    time.sleep(10)  # the first poll and the watcher under way
    created: dict[str, float] = {}
    latencies: dict[str, float] = {}
    gap = spread.total_seconds() / max(orders, 1)
    next_at = time.monotonic()
    deadline = None
    while len(latencies) < orders:
        now = time.monotonic()
        if len(created) < orders and now >= next_at:
            order, items = _order(len(created) + 1, datetime.now(UTC).replace(microsecond=0))
            control.put_order(SELLER, order, items)
            created[order["AmazonOrderId"]] = time.monotonic()
            next_at += gap
            deadline = time.monotonic() + GIVE_UP.total_seconds()
        waiting = [o for o in created if o not in latencies]
        if waiting:
            seen = time.monotonic()
            for order_id in _imported(db_url, waiting):
                latencies[order_id] = seen - created[order_id]
        if deadline is not None and len(created) == orders and time.monotonic() > deadline:
            break
        time.sleep(0.5)
    values = list(latencies.values())
    return {
        "mode": mode,
        "orders": orders,
        "imported": len(values),
        "p50_seconds": percentile(values, 0.5) if values else None,
        "p95_seconds": percentile(values, 0.95) if values else None,
        "max_seconds": max(values) if values else None,
    }
