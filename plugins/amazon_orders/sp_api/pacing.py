"""Client-side pacing: a token bucket per operation at the usage plan's rate and burst, so we rarely meet a
429. The rate follows x-amzn-RateLimit-Limit when Amazon reports another one; a 429 empties the bucket."""

from __future__ import annotations

import time
from dataclasses import dataclass

from .orders_model import UsagePlan


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


class Pacer:
    """scale 0 turns pacing off; 1 follows the usage plans; other values speed them up or slow them down."""

    def __init__(self, plans: dict[str, UsagePlan], scale: float = 0.0) -> None:
        self._plans = plans
        self._scale = scale
        self._buckets: dict[str, _Bucket] = {}

    def wait(self, operation: str) -> None:
        bucket = self._bucket(operation)
        if bucket is not None:
            time.sleep(bucket.delay(time.monotonic()))

    def observe(self, operation: str, rate_limit_header: str | None) -> None:
        """Follow the rate Amazon reports in x-amzn-RateLimit-Limit (it may differ from the default plan)."""
        bucket = self._bucket(operation)
        try:
            rate = float(rate_limit_header or "")
        except ValueError:
            return
        if bucket is not None and rate > 0:
            bucket.rate = rate * self._scale

    def throttled(self, operation: str) -> None:
        """Amazon said 429: our bucket thought otherwise, so empty it and wait a full interval next time."""
        bucket = self._bucket(operation)
        if bucket is not None:
            bucket.tokens = min(bucket.tokens, 0.0)

    def _bucket(self, operation: str) -> _Bucket | None:
        if self._scale <= 0 or operation not in self._plans:
            return None
        if operation not in self._buckets:
            plan = self._plans[operation]
            self._buckets[operation] = _Bucket(
                plan.rate * self._scale, plan.burst, plan.burst, time.monotonic()
            )
        return self._buckets[operation]
