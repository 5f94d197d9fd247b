"""Optional enforcement of the usage plans: token buckets on real time, rates scaled down or up."""

from __future__ import annotations

import time
from dataclasses import dataclass

from amazon_orders.sp_api.orders_model import UsagePlan


@dataclass
class Bucket:
    rate: float
    capacity: float
    tokens: float
    updated: float

    def take(self, now: float) -> bool:
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class RateGate:
    """rate_scale 0 admits everything; otherwise each (caller, operation) gets rate*scale with the plan's burst."""

    def __init__(self, rate_scale: float) -> None:
        self.rate_scale = rate_scale
        self._buckets: dict[tuple[str, str], Bucket] = {}

    @property
    def enforced(self) -> bool:
        return self.rate_scale > 0

    def admit(self, caller: str, operation: str, plan: UsagePlan) -> bool:
        if not self.enforced:
            return True
        now = time.monotonic()
        key = (caller, operation)
        if key not in self._buckets:
            self._buckets[key] = Bucket(plan.rate * self.rate_scale, plan.burst, plan.burst, now)
        return self._buckets[key].take(now)

    def limit_header(self, plan: UsagePlan) -> str:
        """x-amzn-RateLimit-Limit: the default rate, or the scaled one actually enforced."""
        if self.rate_scale in (0, 1):
            return plan.rate_text
        return f"{plan.rate * self.rate_scale:g}"
