"""A small HTTP client for the simulator's /_sim/ control paths (tests, demo, scenarios)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import requests

from amazon_orders.sp_api.model.timestamps import format_amazon_time, parse_amazon_time


class SimulatorControl:
    def __init__(self, base_url: str, session: requests.Session | None = None, timeout: float = 10) -> None:
        self.base_url = base_url.rstrip("/")
        self._session = session or requests.Session()
        self._timeout = timeout

    def add_seller(
        self,
        seller_id: str,
        refresh_token: str,
        client_id: str | None = None,
        client_secret: str | None = None,
        usage_plans: dict[str, dict[str, float]] | None = None,
    ) -> None:
        """Register (or re-register) a seller; usage_plans: its own {operation: {"rate": r, "burst": b}}."""
        body: dict[str, Any] = {"seller_id": seller_id, "refresh_token": refresh_token}
        body |= {
            k: v
            for k, v in (
                ("client_id", client_id),
                ("client_secret", client_secret),
                ("usage_plans", usage_plans),
            )
            if v is not None
        }
        self._post("/_sim/sellers", body)

    def put_order(self, seller_id: str, order: dict[str, Any], items: list[dict[str, Any]]) -> None:
        self._post("/_sim/orders", {"seller_id": seller_id, "order": order, "items": items})

    def put_order_2026(self, seller_id: str, order: dict[str, Any]) -> str:
        """Add (or replace) an order given as Orders API v2026-01-01 shows it: an `Order` with its
        `orderItems` (and fulfillment.fulfillmentStatus); both versions serve it. Returns its id."""
        return self._post("/_sim/orders", {"seller_id": seller_id, "order_2026": order})["AmazonOrderId"]

    def withhold_roles(self, seller_id: str, data_sets: Iterable[str]) -> list[str]:
        """The application lacks the roles for these v2026 includedData data sets (BUYER, RECIPIENT) of
        the seller's from now on: asking for them answers 403. An empty list grants every role again."""
        body = {"withheld": sorted(data_sets)}
        return self._post(f"/_sim/sellers/{seller_id}/roles", body)["withheld"]

    def withheld_roles(self, seller_id: str) -> list[str]:
        return self._get(f"/_sim/sellers/{seller_id}/roles")["withheld"]

    def set_status(self, order_id: str, status: str, last_update: datetime | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"status": status}
        if last_update is not None:
            body["last_update_date"] = format_amazon_time(last_update)
        return self._post(f"/_sim/orders/{order_id}/status", body)["order"]

    def cancel_item(
        self,
        order_id: str,
        order_item_id: str,
        quantity: int,
        cancelled_by: str | None = None,
        reason: str | None = None,
    ) -> dict[str, Any]:
        """Amazon cancels `quantity` unshipped units of one line (by default Amazon itself cancels);
        returns the order's v0 truth {"order", "items"} after it."""
        body: dict[str, Any] = {"quantity": quantity}
        body |= {k: v for k, v in (("cancelled_by", cancelled_by), ("reason", reason)) if v is not None}
        return self._post(f"/_sim/orders/{order_id}/items/{order_item_id}/cancellation", body)

    def orders(self, seller_id: str | None = None) -> list[dict[str, Any]]:
        params = {"seller_id": seller_id} if seller_id else None
        return self._get("/_sim/orders", params)["orders"]

    def now(self) -> datetime:
        return parse_amazon_time(self._get("/_sim/clock")["now"])

    def set_now(self, moment: datetime) -> datetime:
        return parse_amazon_time(self._post("/_sim/clock", {"now": format_amazon_time(moment)})["now"])

    def advance(self, seconds: float) -> datetime:
        return parse_amazon_time(self._post("/_sim/clock", {"advance_seconds": seconds})["now"])

    def confirmations(self) -> list[dict[str, Any]]:
        return self._get("/_sim/confirmations")["confirmations"]

    def calls(self) -> dict[str, int]:
        """Calls received per operation (token, getOrders, ...), failed ones included."""
        return self._get("/_sim/stats")["calls"]

    def throttled(self) -> dict[str, int]:
        """Calls refused by the seller's usage plan (429 QuotaExceeded), per operation."""
        return self._get("/_sim/stats")["throttled"]

    def injected_faults(self) -> dict[str, int]:
        """Faults answered so far, by kind (queued ones and the mix's)."""
        return self._get("/_sim/stats")["faults"]

    def inject_fault(
        self,
        operation: str,
        kind: str,
        count: int = 1,
        delay_seconds: float | None = None,
        retry_after: float | None = None,
        seller_id: str | None = None,
    ) -> None:
        body: dict[str, Any] = {"operation": operation, "kind": kind, "count": count}
        if delay_seconds is not None:
            body["delay_seconds"] = delay_seconds
        if retry_after is not None:
            body["retry_after"] = retry_after
        if seller_id is not None:
            body["seller_id"] = seller_id
        self._post("/_sim/faults", body)

    def set_fault_mix(
        self,
        shares: dict[str, float],
        operations: list[str] | None = None,
        delay_seconds: float = 2.0,
        seed: int = 0,
    ) -> None:
        """A share of every call fails, e.g. {"throttle": 0.3, "error500": 0.05}; {} turns the mix off."""
        body: dict[str, Any] = {"shares": shares, "delay_seconds": delay_seconds, "seed": seed}
        if operations is not None:
            body["operations"] = operations
        self._post("/_sim/fault_mix", body)

    def settings(
        self,
        visibility_lag_seconds: float | None = None,
        next_token_lifetime_seconds: float | None = None,
        pending_minutes: float | None = None,
        afn_ship_minutes: float | None = None,
    ) -> dict[str, float]:
        body = {
            k: v
            for k, v in (
                ("visibility_lag_seconds", visibility_lag_seconds),
                ("next_token_lifetime_seconds", next_token_lifetime_seconds),
                ("pending_minutes", pending_minutes),
                ("afn_ship_minutes", afn_ship_minutes),
            )
            if v is not None
        }
        return self._post("/_sim/settings", body)

    def notifications(self, **changes: float) -> dict[str, Any]:
        """The notifier's counts (sent, duplicated, dropped) and settings; `changes` (drop_next,
        delay_seconds, duplicate_share) set first."""
        return self._post("/_sim/notifications", changes) if changes else self._get("/_sim/notifications")

    def contract(self) -> dict[str, Any] | None:
        """{"checked": n, "violations": [...]} of the contract check (None when it is off)."""
        return self._get("/_sim/contract")["contract"]

    def reset(self) -> None:
        self._post("/_sim/reset", {})

    def _get(self, path: str, params: dict[str, str] | None = None) -> dict[str, Any]:
        response = self._session.get(self.base_url + path, params=params, timeout=self._timeout)
        response.raise_for_status()
        return response.json()

    def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = self._session.post(self.base_url + path, json=body, timeout=self._timeout)
        response.raise_for_status()
        return response.json()
