"""Sellers and their grants: refresh token -> LWA access token -> seller; access token -> Restricted Data
Token (RDT) for named restricted resources, which alone unlocks buyer data."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from .errors import AmazonError, unauthorized

ACCESS_TOKEN_LIFETIME = timedelta(seconds=3600)
RDT_LIFETIME = timedelta(seconds=3600)


@dataclass(frozen=True)
class Seller:
    seller_id: str
    refresh_token: str
    client_id: str | None = None
    client_secret: str | None = None


class LwaError(Exception):
    """An OAuth error as LWA answers it: {"error", "error_description"}."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.error = error
        self.description = description


@dataclass(frozen=True)
class RestrictedResource:
    method: str
    path: str  # a concrete path, or a template such as /orders/v0/orders/{orderId}
    data_elements: frozenset[str]

    def matches(self, method: str, path: str) -> bool:
        pattern = "^" + re.sub(r"\\\{[^/]+\\\}", "[^/]+", re.escape(self.path)) + "$"
        return method == self.method and re.match(pattern, path) is not None


@dataclass(frozen=True)
class Grant:
    seller_id: str
    expires_at: datetime
    resources: tuple[RestrictedResource, ...] | None = None  # an RDT's; None for an LWA access token
    application: str | None = None  # the LWA client id the token was issued to
    scope: str | None = None  # a grantless token's scope (no seller: seller_id is "")


class SellerRegistry:
    def __init__(self) -> None:
        self._sellers: dict[str, Seller] = {}
        self._grants: dict[str, Grant] = {}
        # v2026's includedData data sets whose role the application lacks for a seller (see roles.py)
        self._withheld: dict[str, frozenset[str]] = {}

    def register(self, seller: Seller) -> None:
        self._sellers[seller.seller_id] = seller

    def exists(self, seller_id: str) -> bool:
        return seller_id in self._sellers

    def withhold(self, seller_id: str, data_sets: frozenset[str]) -> None:
        """From now on the application lacks the roles for these data sets of this seller's (none: all)."""
        self._withheld[seller_id] = data_sets

    def withheld(self, seller_id: str) -> frozenset[str]:
        return self._withheld.get(seller_id, frozenset())

    def exchange(
        self, refresh_token: str, client_id: str | None, client_secret: str | None, now: datetime
    ) -> str:
        seller = next((s for s in self._sellers.values() if s.refresh_token == refresh_token), None)
        if seller is None:
            raise LwaError(400, "invalid_grant", "The request has an invalid grant parameter : refresh_token")
        if seller.client_id is not None and client_id != seller.client_id:
            raise LwaError(401, "invalid_client", "Client authentication failed")
        if seller.client_secret is not None and client_secret != seller.client_secret:
            raise LwaError(401, "invalid_client", "Client authentication failed")
        access_token = "Atza|" + secrets.token_urlsafe(32)
        self._grants[access_token] = Grant(
            seller.seller_id, now + ACCESS_TOKEN_LIFETIME, application=client_id
        )
        return access_token

    def exchange_grantless(
        self, client_id: str | None, client_secret: str | None, scope: str, now: datetime
    ) -> str:
        """LWA's client_credentials grant: a token for the application itself (no seller), for `scope`.
        The client must be one a registered seller authorised (with its secret, where one was given)."""
        known = [s for s in self._sellers.values() if s.client_id is None or s.client_id == client_id]
        if (
            not client_id
            or not client_secret
            or not any(s.client_secret is None or s.client_secret == client_secret for s in known)
        ):
            raise LwaError(401, "invalid_client", "Client authentication failed")
        access_token = "Atza|" + secrets.token_urlsafe(32)
        self._grants[access_token] = Grant(
            "", now + ACCESS_TOKEN_LIFETIME, application=client_id, scope=scope
        )
        return access_token

    def application_for(self, access_token: str | None, now: datetime, scope: str) -> str:
        """The application a grantless token of `scope` speaks for; 403 otherwise."""
        grant = self._grant(access_token, now)
        if grant.scope != scope:
            raise unauthorized(f"This operation needs a grantless access token for the scope {scope}.")
        return grant.application or ""

    def application_of(self, access_token: str | None) -> str:
        """The LWA client a seller's token was issued to ("" where the exchange named none)."""
        grant = self._grants.get(access_token or "")
        return (grant.application or "") if grant is not None else ""

    def issue_rdt(
        self, access_token: str | None, resources: tuple[RestrictedResource, ...], now: datetime
    ) -> str:
        grant = self._grant(access_token, now)
        if grant.resources is not None:
            raise unauthorized("A Restricted Data Token cannot be used to create another one.")
        token = "Atz.sprdt|" + secrets.token_urlsafe(32)
        self._grants[token] = Grant(grant.seller_id, now + RDT_LIFETIME, resources)
        return token

    def peek(self, access_token: str | None) -> str | None:
        """The seller behind a token, without any check (for counting and usage plans)."""
        grant = self._grants.get(access_token or "")
        return grant.seller_id if grant is not None else None

    def seller_for(
        self, access_token: str | None, now: datetime, method: str | None = None, path: str | None = None
    ) -> str:
        """The seller an access token (or an RDT covering method and path) speaks for; 403 otherwise."""
        grant = self._grant(access_token, now)
        if grant.scope is not None:
            raise unauthorized("A grantless access token does not speak for a seller.")
        if grant.resources is not None and method is not None and path is not None:
            if not any(r.matches(method, path) for r in grant.resources):
                raise unauthorized("The Restricted Data Token does not cover this resource.")
        return grant.seller_id

    def data_elements(self, access_token: str | None, method: str, path: str) -> frozenset[str]:
        """The restricted data elements the token unlocks for this resource (none for an access token)."""
        grant = self._grants.get(access_token or "")
        if grant is None or grant.resources is None:
            return frozenset()
        return frozenset().union(*(r.data_elements for r in grant.resources if r.matches(method, path)))

    def _grant(self, access_token: str | None, now: datetime) -> Grant:
        if not access_token:
            raise unauthorized("Access to requested resource is denied.")
        grant = self._grants.get(access_token)
        if grant is None:
            raise unauthorized("The access token you provided is revoked, malformed or invalid.")
        if now >= grant.expires_at:
            raise AmazonError(403, "Unauthorized", "The access token you provided has expired.")
        return grant
