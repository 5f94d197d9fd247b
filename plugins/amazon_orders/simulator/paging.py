"""NextToken paging: the first request snapshots the matching ids; tokens walk through that snapshot.

A token stays valid (until reset), so a client retrying a page after a lost answer gets the same page.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class Page:
    ids: tuple[str, ...]
    next_token: str | None
    extras: dict[str, Any]


class Pager:
    def __init__(self) -> None:
        self._pending: dict[str, Continuation] = {}

    def start(self, continuation: Continuation) -> Page:
        return self._page(continuation)

    def resume(self, token: str, scope: tuple[str, ...]) -> Page:
        continuation = self._pending.get(token)
        if continuation is None or continuation.scope != scope:
            raise invalid_input("Invalid NextToken.")
        return self._page(continuation)

    def _page(self, at: Continuation) -> Page:
        end = at.offset + at.page_size
        if end < len(at.ids) and at.next_token is None:
            at.next_token = secrets.token_urlsafe(24)
            self._pending[at.next_token] = Continuation(at.scope, at.ids, at.page_size, at.extras, end)
        return Page(at.ids[at.offset : end], at.next_token, at.extras)
