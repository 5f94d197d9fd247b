"""getOrders query parameters, validated by Amazon's rules."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from amazon_orders.sp_api.model import BEFORE_LIMIT, order_statuses
from amazon_orders.sp_api.model.timestamps import format_amazon_time, parse_amazon_time

from .errors import invalid_input

if TYPE_CHECKING:
    from .store import StoredOrder

# The Orders API answers for the last two years only; older history comes from reports.
HISTORY_LIMIT = timedelta(days=730)
MAX_PAGE_SIZE = 100
MAX_MARKETPLACES = 50

QueryParams = Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class OrdersQuery:
    marketplace_ids: frozenset[str]
    date_field: str  # "LastUpdateDate" or "PurchaseDate"
    after: datetime  # inclusive
    before: datetime  # exclusive
    statuses: frozenset[str] | None
    page_size: int

    @property
    def before_name(self) -> str:
        return "LastUpdatedBefore" if self.date_field == "LastUpdateDate" else "CreatedBefore"

    def matches(self, stored: StoredOrder) -> bool:
        order = stored.order
        if order.get("MarketplaceId") not in self.marketplace_ids:
            return False
        if self.statuses is not None and order["OrderStatus"] not in self.statuses:
            return False
        return self.after <= stored.moment(self.date_field) < self.before


def list_param(params: QueryParams, name: str) -> list[str]:
    """Array parameters arrive comma-separated or repeated; accept both."""
    return [part.strip() for raw in params.get(name, []) for part in raw.split(",") if part.strip()]


def single_param(params: QueryParams, name: str) -> str | None:
    values = params.get(name, [])
    return values[-1] if values else None


def required_marketplaces(params: QueryParams) -> frozenset[str]:
    marketplaces = list_param(params, "MarketplaceIds")
    if not marketplaces:
        raise invalid_input("MarketplaceIds is required.")
    if len(marketplaces) > MAX_MARKETPLACES:
        raise invalid_input(f"MarketplaceIds accepts at most {MAX_MARKETPLACES} values.")
    return frozenset(marketplaces)


def parse_orders_query(params: QueryParams, now: datetime) -> OrdersQuery:
    marketplaces = required_marketplaces(params)
    created = (date_param(params, "CreatedAfter"), date_param(params, "CreatedBefore"))
    updated = (date_param(params, "LastUpdatedAfter"), date_param(params, "LastUpdatedBefore"))
    if any(created) and any(updated):
        raise invalid_input(
            "CreatedAfter/CreatedBefore cannot be combined with LastUpdatedAfter/LastUpdatedBefore."
        )
    if created[0] is None and updated[0] is None:
        raise invalid_input("Either CreatedAfter or LastUpdatedAfter is required.")
    by_creation = created[0] is not None
    after, before = created if by_creation else updated
    names = ("CreatedAfter", "CreatedBefore") if by_creation else ("LastUpdatedAfter", "LastUpdatedBefore")
    assert after is not None
    if after < now - HISTORY_LIMIT:
        raise invalid_input(
            f"{names[0]} must be within the last 2 years "
            f"(not before {format_amazon_time(now - HISTORY_LIMIT)})."
        )
    before = _window_end(before, names[1], now)
    if after >= before:
        raise invalid_input(f"{names[0]} must be earlier than {names[1]} ({format_amazon_time(before)}).")
    return OrdersQuery(
        marketplace_ids=marketplaces,
        date_field="PurchaseDate" if by_creation else "LastUpdateDate",
        after=after,
        before=before,
        statuses=_statuses(params),
        page_size=_page_size(params),
    )


def _window_end(before: datetime | None, name: str, now: datetime) -> datetime:
    latest = now - BEFORE_LIMIT
    if before is None:
        return latest
    if before > latest:
        raise invalid_input(
            f"{name} must be at least 2 minutes before the current time ({format_amazon_time(latest)})."
        )
    return before


def date_param(params: QueryParams, name: str) -> datetime | None:
    """A date-time query parameter (both API versions), refused as Amazon refuses a bad one."""
    text = single_param(params, name)
    if text is None:
        return None
    try:
        return parse_amazon_time(text)
    except ValueError:
        raise invalid_input(f"{name} is not a valid ISO 8601 date: {text!r}.") from None


def _statuses(params: QueryParams) -> frozenset[str] | None:
    statuses = list_param(params, "OrderStatuses")
    unknown = [s for s in statuses if s not in order_statuses()]
    if unknown:
        raise invalid_input(f"OrderStatuses has unknown values: {', '.join(unknown)}.")
    return frozenset(statuses) if statuses else None


def _page_size(params: QueryParams) -> int:
    text = single_param(params, "MaxResultsPerPage")
    if text is None:
        return MAX_PAGE_SIZE
    if not text.isdigit() or not 1 <= int(text) <= MAX_PAGE_SIZE:
        raise invalid_input(f"MaxResultsPerPage must be an integer from 1 to {MAX_PAGE_SIZE}.")
    return int(text)
