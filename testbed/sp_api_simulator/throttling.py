"""Usage plans enforced per seller and operation: token buckets on real time, compressed by a time scale.

Amazon's default plan (rate, burst) is read from the model; a seller may be given its own plan (as Amazon
grants some accounts more), and `x-amzn-RateLimit-Limit` reports the plan of the seller who called.
`time_scale` compresses time: at 60 a minute of the plan passes every real second, so tests run the real
plan faster; 0 turns enforcement off (the header is still sent).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from amazon_orders.sp_api.model import UsagePlan


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
    def __init__(self, rate_scale: float) -> None:
        self.rate_scale = rate_scale
        self._buckets: dict[tuple[str, str], Bucket] = {}
        self._plans: dict[tuple[str, str], UsagePlan] = {}  # a seller's own plan for an operation
        self._lock = threading.Lock()

    @property
    def enforced(self) -> bool:
        return self.rate_scale > 0

    def set_plan(self, seller_id: str, operation: str, plan: UsagePlan) -> None:
        with self._lock:
            self._plans[(seller_id, operation)] = plan
            self._buckets.pop((seller_id, operation), None)

    def plan_for(self, seller_id: str | None, operation: str, default: UsagePlan) -> UsagePlan:
        return self._plans.get((seller_id or "", operation), default)

    def admit(self, seller_id: str | None, operation: str, default: UsagePlan) -> bool:
        """One request of the seller's; callers nobody knows share one bucket per operation."""
        if not self.enforced:
            return True
        plan = self.plan_for(seller_id, operation, default)
        key = (seller_id or "", operation)
        with self._lock:
            now = time.monotonic()
            if key not in self._buckets:
                self._buckets[key] = Bucket(plan.rate * self.rate_scale, plan.burst, plan.burst, now)
            return self._buckets[key].take(now)

    def limit_header(self, seller_id: str | None, operation: str, default: UsagePlan) -> str:
        """x-amzn-RateLimit-Limit: the seller's rate in Amazon's requests per second (never scaled)."""
        return self.plan_for(seller_id, operation, default).rate_text
