"""NextToken paging (v0) and paginationToken paging (v2026 searchOrders): the first request snapshots the
matching ids; tokens walk through that snapshot.

A token gives the same page when asked again (a client retrying after a lost answer), until it expires:
`lifetime` after the query started, on the simulator's clock, Amazon answers 400 InvalidInput.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from .errors import invalid_input


@dataclass
class Continuation:
    scope: tuple[str, ...]  # (operation, seller, ...): a token only works where it was issued
    ids: tuple[str, ...]  # the snapshot, shared by every token of one query
    page_size: int
    extras: dict[str, Any] = field(default_factory=dict)  # echoed in every page, e.g. LastUpdatedBefore
    offset: int = 0
    next_token: str | None = None  # issued once, so a repeated page names the same next page
    issued_at: datetime | None = None  # when the query started (the simulator's clock)


@dataclass(frozen=True)
class Page:
    ids: tuple[str, ...]
    next_token: str | None
    extras: dict[str, Any]


DEFAULT_TOKEN_LIFETIME = timedelta(minutes=5)


class Pager:
    def __init__(self, lifetime: timedelta = DEFAULT_TOKEN_LIFETIME) -> None:
        self._pending: dict[str, Continuation] = {}
        self.lifetime = lifetime

    def start(self, continuation: Continuation, now: datetime) -> Page:
        continuation.issued_at = now
        return self._page(continuation)

    def resume(self, token: str, scope: tuple[str, ...], now: datetime) -> Page:
        continuation = self._pending.get(token)
        if continuation is None or continuation.scope != scope:
            raise invalid_input("Invalid NextToken.")
        if continuation.issued_at is not None and now - continuation.issued_at > self.lifetime:
            del self._pending[token]
            raise invalid_input("The NextToken has expired. Repeat the request without a NextToken.")
        return self._page(continuation)

    def _page(self, at: Continuation) -> Page:
        end = at.offset + at.page_size
        if end < len(at.ids) and at.next_token is None:
            at.next_token = secrets.token_urlsafe(24)
            self._pending[at.next_token] = Continuation(
                at.scope, at.ids, at.page_size, at.extras, end, issued_at=at.issued_at
            )
        return Page(at.ids[at.offset : end], at.next_token, at.extras)


# Orders API v2026-01-01: searchOrders' paginationToken. The model: a token lives 24 hours; with it, every
# other parameter must come again unchanged but maxResultsPerPage and includedData (the page size is the
# request's own). Amazon refuses a token it does not take with 400 InvalidInput and, often, no message.
SEARCH_TOKEN_LIFETIME = timedelta(hours=24)


@dataclass
class Search:
    seller_id: str
    parameters: Any  # the query's parameters but the token, page size and includedData, normalized
    ids: tuple[str, ...]  # the snapshot every token of the query walks
    extras: dict[str, Any] = field(default_factory=dict)  # echoed in every page, e.g. lastUpdatedBefore
    tokens: dict[int, str] = field(default_factory=dict)  # offset -> its token, issued once


@dataclass(frozen=True)
class SearchToken:
    search: Search
    offset: int
    issued_at: datetime


class SearchPager:
    def __init__(self, lifetime: timedelta = SEARCH_TOKEN_LIFETIME) -> None:
        self._tokens: dict[str, SearchToken] = {}
        self.lifetime = lifetime

    def start(self, search: Search, page_size: int, now: datetime) -> Page:
        return self._page(search, 0, page_size, now)

    def resume(self, token: str, seller_id: str, parameters: Any, page_size: int, now: datetime) -> Page:
        found = self._tokens.get(token)
        if found is None or found.search.seller_id != seller_id or found.search.parameters != parameters:
            raise invalid_input("")
        if now - found.issued_at > self.lifetime:
            del self._tokens[token]
            raise invalid_input("")
        return self._page(found.search, found.offset, page_size, now)

    def _page(self, search: Search, offset: int, page_size: int, now: datetime) -> Page:
        end = offset + page_size
        token = None
        if end < len(search.ids):
            token = search.tokens.get(end)
            if token is None:
                token = search.tokens[end] = secrets.token_urlsafe(24)
                self._tokens[token] = SearchToken(search, end, now)
        return Page(search.ids[offset:end], token, search.extras)
