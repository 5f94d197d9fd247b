"""Two callers for one seller at once (two stores of the seller, or the import and the
reconciliation) share the seller's usage plan: paced together through Postgres, Amazon
never refuses them; each pacing alone, it does. Real simulator (plans enforced, time-scaled),
real Postgres, real threads."""

from __future__ import annotations

import threading
import time
from contextlib import closing

from amazon_orders import db
from amazon_orders.sp_api import Credentials, SpApiClient, SpApiError
from amazon_orders.sp_api.model import LWA_TOKEN_PATH, usage_plans
from amazon_orders.sp_api.pacing import Pacer
from amazon_orders.sp_api.seller_pacing import SellerPacer
from sp_api_simulator import SimulatorControl, running_simulator
from tests.simulator.amazon_calls import NOW, REFRESH_TOKEN, SELLER, add_order
from tests.views import query

# getOrderItems: 0.5 a second and a burst of 30 become 2.5 a second, same burst. A paced call
# goes a tenth of an interval late (40 ms here): at 20x (10 ms) a busy machine's scheduling
# jitter alone made a call early now and then, and the test failed without a fault.
SCALE = 5
ORDERS = 40  # the burst and ten more: those must wait for the plan's rate (4 s)
CLIENT_ID, CLIENT_SECRET = "pacing-client", "pacing-secret"


def _fetch_items_at_once(sim_url: str, pacers: list[Pacer], order_ids: list[str]) -> list[SpApiError]:
    """Each pacer's client fetches its share of the orders' items, all clients at once;
    a refused call is not retried (one attempt), so it shows as a failure."""
    failures: list[SpApiError] = []

    def fetch(pacer: Pacer, ids: list[str]) -> None:
        client = SpApiClient(
            sim_url,
            sim_url + LWA_TOKEN_PATH,
            Credentials(CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN),
            max_attempts=1,
            pacer=pacer,
        )
        for order_id in ids:
            try:
                client.get_order_items(order_id)
            except SpApiError as failed:
                failures.append(failed)

    shares = [order_ids[n :: len(pacers)] for n in range(len(pacers))]
    threads = [threading.Thread(target=fetch, args=(p, ids)) for p, ids in zip(pacers, shares, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


def _seller_with_orders(control: SimulatorControl) -> list[str]:
    control.add_seller(SELLER, REFRESH_TOKEN, CLIENT_ID, CLIENT_SECRET)
    return [add_order(control, n, minutes_ago=30).order_id for n in range(1, ORDERS + 1)]


def test_callers_of_one_seller_pace_together(db_url):
    pacers = [SellerPacer(lambda: db.connect(db_url), SELLER, usage_plans(), SCALE) for _ in range(2)]
    with running_simulator(NOW, rate_scale=SCALE) as sim_url:
        control = SimulatorControl(sim_url)
        order_ids = _seller_with_orders(control)
        started = time.monotonic()
        failures = _fetch_items_at_once(sim_url, pacers, order_ids)
        seconds = time.monotonic() - started
        throttled = control.throttled()
    for pacer in pacers:
        pacer.close()
    assert failures == [] and throttled == {}
    plan = usage_plans()["getOrderItems"]
    beyond_burst = (ORDERS - plan.burst) / (plan.rate * SCALE)
    assert seconds >= 0.9 * beyond_burst  # the calls past the burst did wait for the rate
    assert seconds < 3 * beyond_burst + 2  # and not much longer: the two shared the allowance
    with closing(db.connect(db_url)) as conn:
        buckets = query(conn, "SELECT seller_id, operation FROM amazon.seller_rate_bucket ORDER BY operation")
    assert [(b["seller_id"], b["operation"]) for b in buckets] == [(SELLER, "getOrderItems")]


def test_callers_pacing_alone_are_refused():
    """The same calls with a bucket in each process: together they ask for twice the plan."""
    pacers = [Pacer(usage_plans(), SCALE) for _ in range(2)]
    with running_simulator(NOW, rate_scale=SCALE) as sim_url:
        control = SimulatorControl(sim_url)
        failures = _fetch_items_at_once(sim_url, pacers, _seller_with_orders(control))
        throttled = control.throttled()
    assert throttled.get("getOrderItems", 0) > 0
    assert {f.status for f in failures} == {429}


def test_amazon_refusing_empties_the_shared_bucket(db_url):
    """A 429 seen by one caller makes every caller of the seller wait a full interval."""
    plans = {"getOrderItems": usage_plans()["getOrderItems"]}
    first, second = (SellerPacer(lambda: db.connect(db_url), SELLER, plans, SCALE) for _ in range(2))
    with closing(first), closing(second):
        first.wait("getOrderItems")  # the bucket, full but for this token
        first.throttled("getOrderItems")
        started = time.monotonic()
        second.wait("getOrderItems")
        waited = time.monotonic() - started
    interval = 1 / (plans["getOrderItems"].rate * SCALE)
    assert interval <= waited < interval + 0.5
