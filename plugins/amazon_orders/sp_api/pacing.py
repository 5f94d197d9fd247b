"""Client-side pacing: a token bucket per operation at the usage plan's rate and burst, so we rarely meet a
429. The rate follows x-amzn-RateLimit-Limit when Amazon reports another one; a 429 empties the bucket.

`Pacer` keeps its buckets in the process; a subclass may keep them elsewhere (shared by every process
calling for the same seller) by overriding `_take` and `_empty`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from .model import UsagePlan


@dataclass
class _Bucket:
    rate: float
    burst: float
    tokens: float
    updated: float

    def delay(self, now: float) -> float:
        """Seconds to wait before one token is available (and reserve it)."""
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        self.tokens -= 1
        return 0.0 if self.tokens >= 0 else -self.tokens / self.rate


# A request that waited for its token goes this share of an interval after the token is due:
# Amazon's bucket started at our first request's arrival, a little after ours, and a request
# sent exactly on time can arrive a moment early by Amazon's count (a 429). The rate is kept.
LATENESS = 0.1


class Pacer:
    """scale 0 turns pacing off; 1 follows the usage plans; other values speed them up or slow them down."""

    def __init__(self, plans: dict[str, UsagePlan], scale: float = 0.0) -> None:
        self._plans = plans
        self._scale = scale
        self._rates: dict[str, float] = {}  # what Amazon reported, where it differs from the plan
        self._buckets: dict[str, _Bucket] = {}

    def wait(self, operation: str) -> None:
        plan = self._plan(operation)
        if plan is not None:
            rate = self._rates.get(operation, plan.rate) * self._scale
            delay = self._take(operation, rate, plan.burst)
            if delay > 0:
                time.sleep(delay + LATENESS / rate)

    def observe(self, operation: str, rate_limit_header: str | None) -> None:
        """Follow the rate Amazon reports in x-amzn-RateLimit-Limit (it may differ from the default plan)."""
        try:
            rate = float(rate_limit_header or "")
        except ValueError:
            return
        if self._plan(operation) is not None and rate > 0:
            self._rates[operation] = rate

    def throttled(self, operation: str) -> None:
        """Amazon said 429: our bucket thought otherwise, so empty it and wait a full interval next time."""
        if self._plan(operation) is not None:
            self._empty(operation)

    def _plan(self, operation: str) -> UsagePlan | None:
        return self._plans.get(operation) if self._scale > 0 else None

    def _take(self, operation: str, rate: float, burst: float) -> float:
        """Take a token of the operation's bucket; return the seconds to wait for it."""
        if operation not in self._buckets:
            self._buckets[operation] = _Bucket(rate, burst, burst, time.monotonic())
        bucket = self._buckets[operation]
        bucket.rate = rate
        return bucket.delay(time.monotonic())

    def _empty(self, operation: str) -> None:
        if operation in self._buckets:
            self._buckets[operation].tokens = min(self._buckets[operation].tokens, 0.0)
