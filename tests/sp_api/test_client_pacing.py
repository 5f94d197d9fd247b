"""Client-side pacing, scaled so the real waits stay short."""

from __future__ import annotations

import time

from amazon_orders.sp_api.model import UsagePlan
from amazon_orders.sp_api.pacing import Pacer

PLANS = {"getOrders": UsagePlan(rate=0.0167, burst=3, rate_text="0.0167")}


def elapsed(pacer: Pacer, calls: int) -> float:
    started = time.monotonic()
    for _ in range(calls):
        pacer.wait("getOrders")
    return time.monotonic() - started


def test_burst_is_free_then_calls_are_spaced_at_the_scaled_rate() -> None:
    pacer = Pacer(PLANS, scale=600)  # 10 per second
    assert elapsed(pacer, 3) < 0.05
    assert 0.4 < elapsed(pacer, 5) < 0.9


def test_scale_zero_never_waits() -> None:
    assert elapsed(Pacer(PLANS, scale=0), 50) < 0.05


def test_follows_the_rate_amazon_reports() -> None:
    pacer = Pacer(PLANS, scale=600)
    elapsed(pacer, 3)
    pacer.observe("getOrders", "0.0334")  # twice the default: 20 per second once scaled
    assert 0.15 < elapsed(pacer, 5) < 0.4  # 0.5 s at the old rate


def test_operations_without_a_plan_are_not_paced() -> None:
    pacer = Pacer(PLANS, scale=600)
    started = time.monotonic()
    for _ in range(10):
        pacer.wait("token")
    assert time.monotonic() - started < 0.05
