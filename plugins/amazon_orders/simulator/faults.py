"""Fault injection: the next n calls of an operation fail in a chosen way."""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass

FAULT_OPERATIONS = ("token", "getOrders", "getOrder", "getOrderItems", "confirmShipment")
FAULT_KINDS = ("throttle", "error500", "error503", "timeout", "malformed")


@dataclass
class Fault:
    kind: str
    remaining: int
    delay_seconds: float = 5.0  # timeout: how long the answer is held back
    retry_after: float | None = None  # throttle: optional Retry-After header

    def as_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "remaining": self.remaining,
            "delay_seconds": self.delay_seconds,
            "retry_after": self.retry_after,
        }


class FaultQueue:
    def __init__(self) -> None:
        self._queued: dict[str, deque[Fault]] = defaultdict(deque)

    def add(self, operation: str, fault: Fault) -> None:
        if operation not in FAULT_OPERATIONS:
            raise ValueError(f"operation must be one of {', '.join(FAULT_OPERATIONS)}")
        if fault.kind not in FAULT_KINDS:
            raise ValueError(f"kind must be one of {', '.join(FAULT_KINDS)}")
        if fault.remaining < 1:
            raise ValueError("count must be at least 1")
        self._queued[operation].append(fault)

    def take(self, operation: str) -> Fault | None:
        """The fault for this call, if any, consuming one of its count."""
        queue = self._queued.get(operation)
        if not queue:
            return None
        fault = queue[0]
        fault.remaining -= 1
        if fault.remaining == 0:
            queue.popleft()
        return fault

    def pending(self) -> dict[str, list[dict[str, object]]]:
        return {op: [f.as_json() for f in queue] for op, queue in self._queued.items() if queue}
