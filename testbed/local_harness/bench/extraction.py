"""Extraction against the simulator with Amazon's usage plans, time-scaled: how many API
calls an order costs, and what share of the allowed request rate the client uses."""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime, timedelta

from amazon_orders import db
from amazon_orders.migrate import reset
from amazon_orders.pipeline import extract
from amazon_orders.sp_api import Credentials, SpApiClient
from amazon_orders.sp_api.model import LWA_TOKEN_PATH, usage_plans
from local_harness.bench import synthetic
from sp_api_simulator import SimulatorControl, running_simulator

RATE_SCALE = 20.0  # the real plans, twenty times faster
SELLER, TOKEN = "A2BENCH1", "bench-refresh-token"


def measure(url: str, orders: int, say: Callable[[str, float, str], None]) -> dict:
    reset(url)
    with closing(db.connect(url)) as conn:
        synthetic.write_world(conn, 1_000)
    now = synthetic.INTEGRATED + timedelta(days=30)
    with running_simulator(now, rate_scale=RATE_SCALE) as sim_url:
        control = SimulatorControl(sim_url)
        control.add_seller(SELLER, TOKEN, "bench-client", "bench-secret")
        made = 0
        for order, items, _ in synthetic._orders(orders * 3, 0, 5):
            control.put_order(SELLER, order, items)
            made += 1
        client = SpApiClient(
            sim_url,
            sim_url + LWA_TOKEN_PATH,
            Credentials("bench-client", "bench-secret", TOKEN),
            pacing_scale=RATE_SCALE,
        )
        before = control.calls()
        started = time.perf_counter()
        with closing(db.connect(url)) as conn:
            counts = extract.extract_orders(conn, client, 1, f"bench-extract-{datetime.now(UTC):%H%M%S}")
        seconds = time.perf_counter() - started
        calls = {op: n - before.get(op, 0) for op, n in control.calls().items()}
        throttled = sum(control.throttled().values())
    figures = summary(made, counts["fetched"], seconds, calls, throttled)
    say(f"extraction {made} orders: API calls per order", figures["calls_per_order"], "calls")
    say("extraction: share of getOrderItems' allowed rate used", 100 * figures["items_rate_share"], "%")
    say("extraction: calls Amazon refused for the usage plan (429)", throttled, "calls")
    return figures


def summary(made: int, fetched: int, seconds: float, calls: dict[str, int], throttled: int) -> dict:
    """The extraction's figures from what it measured: the orders put into the simulator, the
    orders fetched, the seconds, the calls by operation, and the calls refused (429)."""
    plan = usage_plans()["getOrderItems"]
    allowed = plan.burst + plan.rate * RATE_SCALE * seconds
    return {
        "orders": made,
        "fetched": fetched,
        "seconds": seconds,
        "calls": calls,
        "calls_per_order": sum(v for k, v in calls.items() if k != "token") / max(made, 1),
        "items_rate_share": calls.get("getOrderItems", 0) / allowed,
        "throttled": throttled,
    }
