"""NextToken paging: the first request snapshots the matching ids; tokens walk through that snapshot.

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
