"""The simulator's own clock: it only moves when told to, so runs are deterministic."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class SimClock:
    def __init__(self, start: datetime | None = None) -> None:
        start = start or datetime.now(UTC).replace(microsecond=0)
        if start.tzinfo is None:
            raise ValueError("the simulator clock needs an aware datetime")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        if moment < self._now:
            raise ValueError("the simulator clock never goes backwards")
        self._now = moment.astimezone(UTC)

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("the simulator clock never goes backwards")
        try:
            self._now += timedelta(seconds=seconds)
        except OverflowError:  # past year 9999, or an infinite step
            raise ValueError(f"advancing {seconds} s would take the clock past its last date") from None
