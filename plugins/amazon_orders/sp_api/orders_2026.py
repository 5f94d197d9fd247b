"""Orders API v2026-01-01's requests as its model defines them: operation names, paths, the
includedData datasets and the limits of searchOrders. Read from the model, never retyped.

What is sent is checked strictly here (a value outside the model's enum is refused before any
call); what comes back is read leniently elsewhere (pipeline/payload_2026.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from .model import ORDERS_2026, operation_spec, operations

SEARCH_ORDERS = "searchOrders"
GET_ORDER = f"getOrder.{ORDERS_2026}"
# searchOrders' maxResultsPerPage: "between 1 and 100", and we always ask for the most.
MAX_RESULTS_PER_PAGE = 100


@cache
def path(operation: str) -> str:
    """The operation's path template, e.g. /orders/2026-01-01/orders/{orderId}."""
    return next(op.path for op in operations() if op.name == operation)


@cache
def _parameter(operation: str, name: str) -> dict[str, Any]:
    _, spec = operation_spec(operation)
    return next(p for p in spec.get("parameters", []) if p["name"] == name)


def included_data_values(operation: str) -> tuple[str, ...]:
    """The datasets the operation's includedData takes (BUYER, RECIPIENT, PROCEEDS, ...)."""
    return tuple(_parameter(operation, "includedData")["items"]["enum"])


def max_marketplaces() -> int:
    """How many marketplaceIds one searchOrders call takes (the model's maxItems: 50)."""
    return int(_parameter(SEARCH_ORDERS, "marketplaceIds")["maxItems"])


def included_data(operation: str, values: Iterable[str]) -> str | None:
    """includedData as sent (Swagger's csv), each dataset once in the order given; None for none.

    A dataset the model does not name is refused (ValueError): Amazon would answer 400.
    """
    if isinstance(values, str):
        raise ValueError(f"includedData must be a list of datasets, not the string {values!r}")
    allowed = included_data_values(operation)
    chosen: list[str] = []
    for value in values:
        if value not in allowed:
            raise ValueError(
                f"{operation}: includedData {value!r} is not one of the model's datasets: "
                + ", ".join(allowed)
            )
        if value not in chosen:
            chosen.append(value)
    return ",".join(chosen) or None


def marketplace_ids(values: Iterable[str]) -> str:
    """marketplaceIds as sent (csv): 1 to 50 ids; more is refused, the caller splits them."""
    if isinstance(values, str):
        raise ValueError(f"marketplace_ids must be a list of ids, not the string {values!r}")
    ids = list(values)
    if not ids:
        raise ValueError("marketplace_ids must not be empty")
    limit = max_marketplaces()
    if len(ids) > limit:
        raise ValueError(
            f"{SEARCH_ORDERS} takes at most {limit} marketplaceIds a call, {len(ids)} given: "
            f"split them into calls of {limit}"
        )
    for value in ids:
        if not isinstance(value, str) or not value or "," in value:
            raise ValueError(f"not a marketplace id: {value!r}")
    return ",".join(ids)
