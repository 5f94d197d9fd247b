"""Extraction against the simulator with Amazon's usage plans, time-scaled: how many API
calls an order costs, and what share of the allowed request rate the client uses; through
Orders API v0 (getOrders, a getOrderItems per order) and v2026-01-01 (one searchOrders walk
for a seller of nine marketplaces, items with the orders). And the time a backfill of 100k
orders takes at Amazon's plans, computed from them."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable
from contextlib import closing
from datetime import UTC, datetime, timedelta

from amazon_orders import db, runs
from amazon_orders.db import Connection
from amazon_orders.migrate import reset
from amazon_orders.pipeline import extract, seller_walk
from amazon_orders.settings import BACKFILL_CHUNK_DAYS
from amazon_orders.sp_api import Credentials, SpApiClient, orders_2026
from amazon_orders.sp_api.client import MAX_RESULTS_PER_PAGE
from amazon_orders.sp_api.model import LWA_TOKEN_PATH, UsagePlan, usage_plans
from local_harness.bench import synthetic
from local_harness.scenario.world import store_row
from sp_api_simulator import SimulatorControl, running_simulator

RATE_SCALE = 20.0  # the real plans, twenty times faster
SELLER, TOKEN = "A2BENCH1", "bench-refresh-token"
# v2026: one European seller, a store in each of its nine marketplaces (code: marketplace, currency).
SELLER_2026 = "A2BENCHEU"
EU = {
    "UK": ("A1F83G8C2ARO7P", "GBP"),
    "DE": ("A1PA6795UKMFR9", "EUR"),
    "FR": ("A13V1IB3VIYZZH", "EUR"),
    "IT": ("APJ6JRA9NG5V4", "EUR"),
    "ES": ("A1RKKUPIHCS9HS", "EUR"),
    "NL": ("A1805IZSGTT6HS", "EUR"),
    "SE": ("A2NODRKZP88ZB9", "SEK"),
    "PL": ("A1C3SOZRARQ6R3", "PLN"),
    "BE": ("AMEN7PMS3EDWL", "EUR"),
}
# The backfill computed at Amazon's plans: this many orders, spread evenly over this many days.
BACKFILL_ORDERS, BACKFILL_DAYS = 100_000, 365


def _client(sim_url: str) -> SpApiClient:
    return SpApiClient(
        sim_url,
        sim_url + LWA_TOKEN_PATH,
        Credentials("bench-client", "bench-secret", TOKEN),
        pacing_scale=RATE_SCALE,
    )


def measure(url: str, orders: int, say: Callable[..., None]) -> dict:
    """Orders API v0: getOrders for one store, then a getOrderItems call per order."""
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
        client = _client(sim_url)
        before = control.calls()
        started = time.perf_counter()
        with closing(db.connect(url)) as conn:
            counts = extract.extract_orders(conn, client, 1, f"bench-extract-{datetime.now(UTC):%H%M%S}")
        seconds = time.perf_counter() - started
        calls = {op: n - before.get(op, 0) for op, n in control.calls().items()}
        throttled = sum(control.throttled().values())
    figures = summary(made, counts["fetched"], seconds, calls, throttled)
    say(f"extraction v0 {made} orders: API calls per order", figures["calls_per_order"], "calls", 3)
    say("extraction v0: share of getOrderItems' allowed rate used", 100 * figures["items_rate_share"], "%")
    say("extraction v0: calls Amazon refused for the usage plan (429)", throttled, "calls")
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


def measure_2026(url: str, orders: int, say: Callable[..., None]) -> dict:
    """Orders API v2026-01-01: one seller, nine stores (a marketplace each), the orders spread
    over them; the first store's task walks searchOrders once for all nine."""
    reset(url)
    with closing(db.connect(url)) as conn:
        stores = _write_seller_world(conn)
    now = synthetic.INTEGRATED + timedelta(days=30)
    markets = list(EU.values())
    with running_simulator(now, rate_scale=RATE_SCALE) as sim_url:
        control = SimulatorControl(sim_url)
        control.add_seller(SELLER_2026, TOKEN, "bench-client", "bench-secret")
        made = 0
        for order, items, _ in synthetic._orders(orders * 3, 0, 5):
            market, currency = markets[made % len(markets)]
            order = {**order, "MarketplaceId": market, "OrderTotal": {**order["OrderTotal"]}}
            order["OrderTotal"]["CurrencyCode"] = currency
            items = [{**i, "ItemPrice": {**i["ItemPrice"], "CurrencyCode": currency}} for i in items]
            control.put_order(SELLER_2026, order, items)
            made += 1
        client = _client(sim_url)
        before = control.calls()
        dag_run = f"bench-extract-2026-{datetime.now(UTC):%H%M%S}"
        first = next(iter(stores.values()))
        started = time.perf_counter()
        with closing(db.connect(url)) as conn:
            seller_walk.extract_orders(conn, client, first, runs.run_key(dag_run, first))
            seconds = time.perf_counter() - started
            by_store = {
                code: runs.add_counts(conn, runs.run_key(dag_run, sid), sid, {}).get("fetched", 0)
                for code, sid in stores.items()
            }
        calls = {op: n - before.get(op, 0) for op, n in control.calls().items()}
        throttled = sum(control.throttled().values())
    figures = summary_2026(made, seconds, calls, throttled, by_store)
    say(
        f"extraction v2026 {made} orders, 9 marketplaces: API calls per order",
        figures["v2026_calls_per_order"],
        "calls",
        3,
    )
    say(
        "extraction v2026: share of searchOrders' allowed rate used",
        100 * figures["v2026_search_rate_share"],
        "%",
    )
    say("extraction v2026: calls Amazon refused for the usage plan (429)", throttled, "calls")
    say(
        f"extraction v2026: stores that got their orders (of {len(by_store)})",
        sum(1 for n in by_store.values() if n),
        "stores",
    )
    return figures


def _write_seller_world(conn: Connection) -> dict[str, int]:
    """The seller's nine stores; their ids by marketplace code."""
    with db.transaction(conn) as cur:
        for code, (market, _) in EU.items():
            cur.execute(
                db.sql("world/upsert_store"),
                store_row(
                    {
                        "name": f"Bench EU {code}",
                        "seller_id": SELLER_2026,
                        "marketplace_id": market,
                        "integrated_at": synthetic.INTEGRATED,
                    }
                ),
            )
    names = {s["name"]: s["store_id"] for s in db.fetch_all(conn, "extract/list_stores")}
    return {code: names[f"Bench EU {code}"] for code in EU}


def summary_2026(
    made: int, seconds: float, calls: dict[str, int], throttled: int, fetched_by_store: dict[str, int]
) -> dict:
    """The v2026 extraction's figures from what it measured: the orders put into the simulator,
    the seconds, the calls by operation, the calls refused (429) and the orders each store got."""
    plan = usage_plans()[orders_2026.SEARCH_ORDERS]
    allowed = plan.burst + plan.rate * RATE_SCALE * seconds
    fetched = sum(fetched_by_store.values())
    return {
        "v2026_orders": made,
        "v2026_fetched": fetched,
        "v2026_seconds": seconds,
        "v2026_calls": calls,
        "v2026_calls_per_order": sum(v for k, v in calls.items() if k != "token") / max(fetched, 1),
        "v2026_search_rate_share": calls.get(orders_2026.SEARCH_ORDERS, 0) / allowed,
        "v2026_throttled": throttled,
        "v2026_fetched_by_store": fetched_by_store,
    }


def backfill(say: Callable[..., None]) -> dict:
    """The hours a backfill of BACKFILL_ORDERS orders takes at Amazon's own plans (no scale),
    computed from the plans, not waited for.

    The backfill asks for BACKFILL_CHUNK_DAYS of purchases at a time, the orders spread evenly
    over BACKFILL_DAYS; each chunk is pages of MAX_RESULTS_PER_PAGE (100) orders:

    - v0, a chunk: its getOrders pages, then a getOrderItems call for each of its orders;
    - v2026, a chunk: its searchOrders pages (items come with the orders).

    Each operation has a bucket of its own (`sequence_seconds`): full at the start, refilled at
    the plan's rate up to its burst, also while the task is waiting on another operation. The
    calls run one after another in one task, so a wait on one operation adds to the waits on
    the other, but the refill of one's bucket while the task waits on the other is not lost:

        hours = sum over the calls in order of max(0, (1 - bucket level) / rate) / 3600

    For v2026 that is just (pages - burst) / rate. For v0, a chunk's items (some 1,900 calls at
    0.5/s, an hour) refill getOrders' bucket to its burst of 20 pages, which covers the next
    chunk's 19 pages: the getOrderItems calls alone govern, (orders - 30) / 0.5. Were all the
    getOrders pages asked before any item (one chunk of the whole window), the times would add
    up: (pages - 20) / 0.0167 + (orders - 30) / 0.5, `v0_backfill_hours_all_pages_first`.
    """
    plans = usage_plans()
    chunks = math.ceil(BACKFILL_DAYS / BACKFILL_CHUNK_DAYS)
    sizes = [BACKFILL_ORDERS // chunks + (1 if n < BACKFILL_ORDERS % chunks else 0) for n in range(chunks)]

    def pages(orders: int, per_page: int) -> int:
        return max(1, math.ceil(orders / per_page))

    v0 = [
        step for n in sizes for step in (("getOrders", pages(n, MAX_RESULTS_PER_PAGE)), ("getOrderItems", n))
    ]
    v2026 = [(orders_2026.SEARCH_ORDERS, pages(n, orders_2026.MAX_RESULTS_PER_PAGE)) for n in sizes]
    all_pages_first = [
        ("getOrders", pages(BACKFILL_ORDERS, MAX_RESULTS_PER_PAGE)),
        ("getOrderItems", BACKFILL_ORDERS),
    ]
    figures = {
        "backfill_orders": BACKFILL_ORDERS,
        "backfill_days": BACKFILL_DAYS,
        "v0_backfill_hours": sequence_seconds(v0, plans) / 3600,
        "v0_backfill_hours_all_pages_first": sequence_seconds(all_pages_first, plans) / 3600,
        "v2026_backfill_hours": sequence_seconds(v2026, plans) / 3600,
    }
    say(f"backfill {BACKFILL_ORDERS:,} orders at Amazon's plans, v0", figures["v0_backfill_hours"], "h")
    say("  (v0 with every getOrders page before any item)", figures["v0_backfill_hours_all_pages_first"], "h")
    say(f"backfill {BACKFILL_ORDERS:,} orders at Amazon's plans, v2026", figures["v2026_backfill_hours"], "h")
    return figures


def sequence_seconds(steps: Iterable[tuple[str, int]], plans: dict[str, UsagePlan]) -> float:
    """The seconds calls take one after another, (operation, count) in order, each operation's
    bucket starting full, refilled at its plan's rate up to its burst; no time but the waits."""
    now = 0.0
    level = {op: float(plan.burst) for op, plan in plans.items()}
    since = dict.fromkeys(plans, 0.0)
    for op, count in steps:
        plan = plans[op]
        level[op] = min(plan.burst, level[op] + plan.rate * (now - since[op]))
        if count > level[op]:
            now += (count - level[op]) / plan.rate
            level[op] = 0.0
        else:
            level[op] -= count
        since[op] = now
    return now
