"""Orders API v2026-01-01: searchOrders and getOrder, answered from the same store as v0.

searchOrders refuses, as Amazon does, with 400 InvalidInput: neither or both of createdAfter and
lastUpdatedAfter (or a Before of the other kind), a Before later than two minutes before now or earlier
than its After, marketplaceIds missing or more than 50, maxResultsPerPage outside 1..100, a value no enum
of the model holds; and, with an empty message, a paginationToken it does not take: unknown, another
seller's, older than 24 hours, or sent with other parameters than its query (maxResultsPerPage and
includedData may change). The window holds both its ends ("at or after", "at or before") and the orders
come oldest lastUpdatedTime first, as v0 lists them; the Before used is echoed (lastUpdatedBefore or
createdBefore). Personal data needs no Restricted Data Token, only the application's roles (roles.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from fastapi import APIRouter, Request

from amazon_orders.sp_api.model import BEFORE_LIMIT, fulfillment_statuses, operation_spec
from amazon_orders.sp_api.model.timestamps import format_amazon_time, parse_amazon_time

from .errors import invalid_input
from .item_cancellations import as_placed
from .order_queries import MAX_MARKETPLACES, MAX_PAGE_SIZE, QueryParams, date_param, list_param, single_param
from .orders_2026 import FULFILLED_BY, STATUS_TO_2026, render_order, render_package
from .paging import Search
from .roles import check_roles
from .state import Simulator
from .store import StoredOrder

router = APIRouter(prefix="/orders/2026-01-01")

SEARCH_ORDERS = "searchOrders"
GET_ORDER = "getOrder.2026-01-01"
# With a paginationToken these may change; every other parameter must come again as it was.
MAY_CHANGE = frozenset({"paginationToken", "maxResultsPerPage", "includedData"})
LIST_PARAMETERS = ("marketplaceIds", "fulfillmentStatuses", "fulfilledBy", "includedData")
DATE_PARAMETERS = ("createdAfter", "createdBefore", "lastUpdatedAfter", "lastUpdatedBefore")


@cache
def _enum(operation: str, parameter: str) -> tuple[str, ...]:
    """The values the model allows for an array parameter's items."""
    _, spec = operation_spec(operation)
    found = next(p for p in spec["parameters"] if p["name"] == parameter)
    return tuple(found["items"]["enum"])


@dataclass(frozen=True)
class SearchQuery:
    by_creation: bool  # createdTime (PurchaseDate), else lastUpdatedTime (LastUpdateDate)
    after: datetime  # inclusive
    before: datetime  # inclusive
    marketplace_ids: frozenset[str]
    statuses: frozenset[str] | None  # v2026 words
    fulfilled_by: frozenset[str] | None

    @property
    def before_name(self) -> str:
        return "createdBefore" if self.by_creation else "lastUpdatedBefore"

    def matches(self, stored: StoredOrder) -> bool:
        order = stored.order
        marketplace = order.get("MarketplaceId")
        if not isinstance(marketplace, str) or marketplace not in self.marketplace_ids:
            return False
        if self.statuses is not None and STATUS_TO_2026[order["OrderStatus"]] not in self.statuses:
            return False
        channel = order.get("FulfillmentChannel")
        if self.fulfilled_by is not None and (
            not isinstance(channel, str) or FULFILLED_BY.get(channel) not in self.fulfilled_by
        ):
            return False
        moment = stored.moment("PurchaseDate" if self.by_creation else "LastUpdateDate")
        return self.after <= moment <= self.before


def _simulator(request: Request) -> Simulator:
    return request.app.state.sim


def _seller(request: Request) -> str:
    sim = _simulator(request)
    token = request.headers.get("x-amz-access-token")
    return sim.sellers.seller_for(token, sim.now(), request.method, request.url.path)


def _params(request: Request) -> QueryParams:
    params: dict[str, list[str]] = {}
    for name, value in request.query_params.multi_items():
        params.setdefault(name, []).append(value)
    return params


def _values(params: QueryParams, name: str, allowed: tuple[str, ...]) -> frozenset[str] | None:
    values = list_param(params, name)
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise invalid_input(
            f"{name} has unknown values: {', '.join(unknown)}. Allowed: {', '.join(allowed)}."
        )
    return frozenset(values) if values else None


def _included(request: Request, operation: str, seller: str) -> frozenset[str]:
    """includedData, checked against the model and the application's roles."""
    included = _values(_params(request), "includedData", _enum(operation, "includedData")) or frozenset()
    check_roles(included, _simulator(request).sellers.withheld(seller))
    return included


def _render(sim: Simulator, stored: StoredOrder, included: frozenset[str], now: datetime) -> dict[str, Any]:
    packages = []
    if "PACKAGES" in included:
        packages = [
            render_package(c.body, format_amazon_time(c.received_at))
            for c in sim.shipments.confirmations
            if c.order_id == stored.order_id
            and c.seller_id == stored.seller_id
            and c.received_at + sim.store.lag <= now
        ]
    order, items = as_placed(stored)  # v2026 shows the order as placed, with what was canceled
    return render_order(order, items, included, packages, stored.cancellations)


@router.get("/orders")
async def search_orders(request: Request) -> dict[str, Any]:
    sim, seller = _simulator(request), _seller(request)
    params, now = _params(request), sim.now()
    marketplaces = _marketplaces(params)
    statuses = _values(params, "fulfillmentStatuses", fulfillment_statuses())
    fulfilled_by = _values(params, "fulfilledBy", _enum(SEARCH_ORDERS, "fulfilledBy"))
    page_size = _page_size(params)
    included = _included(request, SEARCH_ORDERS, seller)
    token = single_param(params, "paginationToken")
    store = sim.orders()
    if token:
        page = sim.searches.resume(token, seller, _fingerprint(params), page_size, now)
    else:
        query = _window(params, now, marketplaces, statuses, fulfilled_by)
        ids = tuple(stored.order_id for stored in store.select_where(seller, query.matches, now))
        extras = {query.before_name: format_amazon_time(query.before)}
        page = sim.searches.start(Search(seller, _fingerprint(params), ids, extras), page_size, now)
    orders = [
        _render(sim, stored, included, now)
        for order_id in page.ids
        if (stored := store.lookup(seller, order_id, now))
    ]
    body: dict[str, Any] = {"orders": orders}
    if page.next_token:
        body["pagination"] = {"nextToken": page.next_token}
    return body | page.extras


@router.get("/orders/{order_id}")
async def get_order(order_id: str, request: Request) -> dict[str, Any]:
    sim, seller = _simulator(request), _seller(request)
    included, now = _included(request, GET_ORDER, seller), sim.now()
    stored = sim.orders().get(seller, order_id, now)
    return {"order": _render(sim, stored, included, now)}


def _marketplaces(params: QueryParams) -> frozenset[str]:
    marketplaces = list_param(params, "marketplaceIds")
    if not marketplaces:
        raise invalid_input("marketplaceIds is required.")
    if len(marketplaces) > MAX_MARKETPLACES:
        raise invalid_input(f"marketplaceIds accepts at most {MAX_MARKETPLACES} values.")
    return frozenset(marketplaces)


def _page_size(params: QueryParams) -> int:
    text = single_param(params, "maxResultsPerPage")
    if text is None:
        return MAX_PAGE_SIZE
    if not text.isdigit() or not 1 <= int(text) <= MAX_PAGE_SIZE:
        raise invalid_input(f"maxResultsPerPage must be an integer from 1 to {MAX_PAGE_SIZE}.")
    return int(text)


def _window(
    params: QueryParams,
    now: datetime,
    marketplaces: frozenset[str],
    statuses: frozenset[str] | None,
    fulfilled_by: frozenset[str] | None,
) -> SearchQuery:
    created = (date_param(params, "createdAfter"), date_param(params, "createdBefore"))
    updated = (date_param(params, "lastUpdatedAfter"), date_param(params, "lastUpdatedBefore"))
    if (created[0] is None) == (updated[0] is None):
        raise invalid_input("Exactly one of createdAfter and lastUpdatedAfter is required.")
    by_creation = created[0] is not None
    if by_creation and updated[1] is not None:
        raise invalid_input("lastUpdatedBefore cannot be combined with createdAfter.")
    if not by_creation and created[1] is not None:
        raise invalid_input("createdBefore cannot be combined with lastUpdatedAfter.")
    after, before = created if by_creation else updated
    assert after is not None
    names = ("createdAfter", "createdBefore") if by_creation else ("lastUpdatedAfter", "lastUpdatedBefore")
    latest = now - BEFORE_LIMIT
    if before is None:
        before = latest
    elif before > latest:
        raise invalid_input(
            f"{names[1]} must be at least 2 minutes before the time of the request "
            f"({format_amazon_time(latest)})."
        )
    if before < after:
        raise invalid_input(
            f"{names[1]} ({format_amazon_time(before)}) must be equal to or after {names[0]}."
        )
    return SearchQuery(by_creation, after, before, marketplaces, statuses, fulfilled_by)


def _fingerprint(params: QueryParams) -> frozenset[tuple[str, Any]]:
    """The parameters a paginationToken must come with again, compared by meaning (a date in another
    spelling, marketplaces in another order are the same)."""
    found: set[tuple[str, Any]] = set()
    for name, values in params.items():
        if name in MAY_CHANGE:
            continue
        if name in LIST_PARAMETERS:
            found.add((name, frozenset(list_param(params, name))))
        elif name in DATE_PARAMETERS:
            text = values[-1]
            try:
                found.add((name, parse_amazon_time(text)))
            except ValueError:
                found.add((name, text))
        else:
            found.add((name, tuple(values)))
    return frozenset(found)
