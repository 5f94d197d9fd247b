"""Login with Amazon: refresh-token credentials and a cached access token."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

# Refresh this long before LWA's expiry, so a token never dies in flight.
EXPIRY_MARGIN = timedelta(seconds=60)


@dataclass(frozen=True)
class Credentials:
    client_id: str
    client_secret: str
    refresh_token: str

    def __repr__(self) -> str:
        return f"Credentials(client_id={self.client_id!r}, client_secret='***', refresh_token='***')"

    def token_form(self) -> dict[str, str]:
        return {
            "grant_type": "refresh_token",
            "refresh_token": self.refresh_token,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
        }


@dataclass(frozen=True)
class GrantlessCredentials:
    """The application's own credentials, for a grantless operation (the Notifications API's
    destinations): LWA's client_credentials grant with the operation's scope, no seller."""

    client_id: str
    client_secret: str
    scope: str

    def __repr__(self) -> str:
        return (
            f"GrantlessCredentials(client_id={self.client_id!r}, client_secret='***', scope={self.scope!r})"
        )

    def token_form(self) -> dict[str, str]:
        return {
            "grant_type": "client_credentials",
            "scope": self.scope,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
        }


@dataclass(frozen=True)
class AccessToken:
    value: str
    local_deadline: float  # time.monotonic() after which we refresh
    amazon_deadline: datetime | None  # same, on Amazon's clock (it may jump ahead of ours)

    def __repr__(self) -> str:
        return f"AccessToken(local_deadline={self.local_deadline}, amazon_deadline={self.amazon_deadline})"


class AccessTokenCache:
    """One cached LWA access token; `fetch` performs the token call and returns LWA's JSON answer."""

    def __init__(
        self, fetch: Callable[[], dict[str, Any]], amazon_clock: Callable[[], datetime | None]
    ) -> None:
        self._fetch = fetch
        self._amazon_clock = amazon_clock
        self._token: AccessToken | None = None

    def get(self) -> str:
        if self._token is None or not self._fresh(self._token):
            self._token = self._exchange()
        return self._token.value

    def invalidate(self) -> None:
        self._token = None

    def _fresh(self, token: AccessToken) -> bool:
        if time.monotonic() >= token.local_deadline:
            return False
        amazon_now = self._amazon_clock()
        return token.amazon_deadline is None or amazon_now is None or amazon_now < token.amazon_deadline

    def _exchange(self) -> AccessToken:
        answer = self._fetch()
        lifetime = timedelta(seconds=float(answer.get("expires_in", 3600))) - EXPIRY_MARGIN
        issued_at = self._amazon_clock()
        return AccessToken(
            value=answer["access_token"],
            local_deadline=time.monotonic() + lifetime.total_seconds(),
            amazon_deadline=issued_at + lifetime if issued_at else None,
        )
