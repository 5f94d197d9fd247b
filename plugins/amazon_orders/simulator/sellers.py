"""Sellers and Login-with-Amazon grants: refresh token -> short-lived access token -> seller."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from .errors import AmazonError, unauthorized

ACCESS_TOKEN_LIFETIME = timedelta(seconds=3600)


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
class Grant:
    seller_id: str
    expires_at: datetime


class SellerRegistry:
    def __init__(self) -> None:
        self._sellers: dict[str, Seller] = {}
        self._grants: dict[str, Grant] = {}

    def register(self, seller: Seller) -> None:
        self._sellers[seller.seller_id] = seller

    def exists(self, seller_id: str) -> bool:
        return seller_id in self._sellers

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
        self._grants[access_token] = Grant(seller.seller_id, now + ACCESS_TOKEN_LIFETIME)
        return access_token

    def seller_for(self, access_token: str | None, now: datetime) -> str:
        """The seller an access token speaks for; 403 Unauthorized otherwise."""
        if not access_token:
            raise unauthorized("Access to requested resource is denied.")
        grant = self._grants.get(access_token)
        if grant is None:
            raise unauthorized("The access token you provided is revoked, malformed or invalid.")
        if now >= grant.expires_at:
            raise AmazonError(403, "Unauthorized", "The access token you provided has expired.")
        return grant.seller_id
