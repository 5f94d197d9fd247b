"""Fault injection: the next n calls of an operation fail in a chosen way (optionally for one seller
only), or a random mix of faults hits a share of all calls (a seeded storm)."""

from __future__ import annotations

import random
import threading
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field

FAULT_OPERATIONS = (
    "token",
    "getOrders",
    "getOrder",
    "getOrderItems",
    "confirmShipment",
    "createRestrictedDataToken",
    "searchOrders",
    "getOrder.2026-01-01",
)
FAULT_KINDS = ("throttle", "error500", "error503", "timeout", "malformed", "truncated")


@dataclass
class Fault:
    kind: str
    remaining: int
    delay_seconds: float = 5.0  # timeout: how long the answer is held back
    retry_after: float | None = None  # throttle: optional Retry-After header
    seller_id: str | None = None  # only this seller's calls (None: everybody's)
    injected: bool = True  # False: the usage plan's own 429, not a fault

    def as_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "remaining": self.remaining,
            "delay_seconds": self.delay_seconds,
            "retry_after": self.retry_after,
            "seller_id": self.seller_id,
        }


@dataclass
class FaultMix:
    """Each call of the chosen operations fails with probability share[kind]; seeded, so runs repeat."""

    shares: dict[str, float]
    operations: frozenset[str]
    delay_seconds: float = 2.0
    seed: int = 0
    rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        unknown = set(self.shares) - set(FAULT_KINDS)
        if unknown:
            raise ValueError(f"unknown fault kinds {sorted(unknown)}; kinds: {', '.join(FAULT_KINDS)}")
        if any(not 0 <= s <= 1 for s in self.shares.values()) or sum(self.shares.values()) > 1:
            raise ValueError("shares must be between 0 and 1 and add up to at most 1")
        if not self.operations <= set(FAULT_OPERATIONS):
            raise ValueError(f"operations must be among {', '.join(FAULT_OPERATIONS)}")
        self.rng = random.Random(self.seed)

    def draw(self, operation: str) -> Fault | None:
        if operation not in self.operations:
            return None
        roll = self.rng.random()
        for kind, share in self.shares.items():
            if roll < share:
                return Fault(kind, 1, self.delay_seconds)
            roll -= share
        return None

    def as_json(self) -> dict[str, object]:
        return {
            "shares": self.shares,
            "operations": sorted(self.operations),
            "delay_seconds": self.delay_seconds,
            "seed": self.seed,
        }


class FaultQueue:
    def __init__(self) -> None:
        self._queued: dict[str, deque[Fault]] = defaultdict(deque)
        self.mix: FaultMix | None = None
        self.injected: Counter[str] = Counter()  # faults answered, by kind
        self._lock = threading.Lock()

    def add(self, operation: str, fault: Fault) -> None:
        if operation not in FAULT_OPERATIONS:
            raise ValueError(f"operation must be one of {', '.join(FAULT_OPERATIONS)}")
        if fault.kind not in FAULT_KINDS:
            raise ValueError(f"kind must be one of {', '.join(FAULT_KINDS)}")
        if fault.remaining < 1:
            raise ValueError("count must be at least 1")
        with self._lock:
            self._queued[operation].append(fault)

    def take(self, operation: str, seller_id: str | None = None) -> Fault | None:
        """The fault for this call, if any, consuming one of its count; else maybe one of the mix."""
        with self._lock:
            fault = self._queued_fault(operation, seller_id)
            if fault is None and self.mix is not None:
                fault = self.mix.draw(operation)
            if fault is not None:
                self.injected[fault.kind] += 1
            return fault

    def _queued_fault(self, operation: str, seller_id: str | None) -> Fault | None:
        queue = self._queued.get(operation)
        for fault in queue or ():
            if fault.seller_id is None or fault.seller_id == seller_id:
                fault.remaining -= 1
                if fault.remaining == 0:
                    queue.remove(fault)  # type: ignore[union-attr]
                return fault
        return None

    def pending(self) -> dict[str, list[dict[str, object]]]:
        return {op: [f.as_json() for f in queue] for op, queue in self._queued.items() if queue}
