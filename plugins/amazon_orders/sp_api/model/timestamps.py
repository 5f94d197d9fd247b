"""ISO 8601 timestamps as the SP-API writes them: UTC with a trailing Z."""

from __future__ import annotations

from datetime import UTC, datetime


def parse_amazon_time(text: str) -> datetime:
    """Parse an ISO 8601 date or date-time; a missing offset means UTC. Raises ValueError."""
    parsed = datetime.fromisoformat(text.strip())
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def format_amazon_time(moment: datetime) -> str:
    """2026-11-20T12:00:00Z, or with milliseconds when the moment has a fraction."""
    utc = moment.astimezone(UTC)
    if utc.microsecond:
        return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"
    return utc.strftime("%Y-%m-%dT%H:%M:%SZ")
