"""Reading SP-API and LWA answers: Date headers, JSON bodies, Retry-After, error details."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import requests


def http_date(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return parsedate_to_datetime(text).astimezone(UTC)
    except (TypeError, ValueError):
        return None


def json_object(response: requests.Response) -> dict[str, Any] | None:
    """The JSON object answered; {} for an empty answer; None when the body is not a JSON object."""
    if response.status_code == 204 or not response.content:
        return {}
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def retry_after(response: requests.Response) -> float | None:
    text = response.headers.get("Retry-After")
    if not text:
        return None
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    when, now = http_date(text), http_date(response.headers.get("Date"))
    if when is None:
        return None
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def error_details(status: int, body: dict[str, Any]) -> tuple[str, str]:
    """Amazon's {"errors": [{code, message}]} or LWA's {"error", "error_description"}."""
    errors = body.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return str(errors[0].get("code", f"HTTP{status}")), str(errors[0].get("message", ""))
    if "error" in body:
        return str(body["error"]), str(body.get("error_description", ""))
    return f"HTTP{status}", "no error details in the answer"
