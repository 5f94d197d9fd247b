"""SP-API Orders v0 client on requests: LWA token, retries with back-off, Amazon's clock, NextToken paging.

Logs one DEBUG line per HTTP attempt (operation, status, attempt) and never tokens, secrets or buyer data.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote, urlsplit

import requests
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential_jitter,
)

from .answers import error_details, http_date, json_object, retry_after
from .auth import AccessTokenCache, Credentials
from .orders_model import usage_plans
from .pacing import Pacer
from .timestamps import format_amazon_time

log = logging.getLogger(__name__)

RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
# getOrders refuses a window ending less than two minutes before Amazon's now.
RECENT_LIMIT = timedelta(minutes=2)
MAX_RESULTS_PER_PAGE = 100
LWA_TOKEN_PATH = "/auth/o2/token"
# Retry-After is obeyed over our own back-off, but a silly value must not stall a task for hours.
RETRY_AFTER_CAP = 300.0


@dataclass(frozen=True)
class ApiPage:
    """One answer, kept verbatim by the pipeline."""

    operation: str
    params: dict[str, Any]  # what was asked (never credentials or tokens)
    status: int
    body: dict[str, Any]  # the parsed JSON exactly as received ({} for 204)


class SpApiError(Exception):
    def __init__(self, operation: str, status: int | None, code: str, message: str) -> None:
        super().__init__(operation, status, code, message)
        self.operation = operation
        self.status = status
        self.code = code
        self.message = message

    def __str__(self) -> str:
        status = f"HTTP {self.status}" if self.status is not None else "no HTTP answer"
        return f"{self.operation} failed ({status}): {self.code}: {self.message}"


class _Retryable(SpApiError):
    """A failure worth another attempt: throttling, 5xx, timeout, lost connection, malformed body."""

    def __init__(
        self, operation: str, status: int | None, code: str, message: str, retry_after: float | None = None
    ) -> None:
        super().__init__(operation, status, code, message)
        self.retry_after = retry_after


Send = Callable[[], requests.Response]


class SpApiClient:
    def __init__(
        self,
        endpoint: str,
        lwa_endpoint: str,
        credentials: Credentials,
        *,
        timeout: float = 30,
        max_attempts: int = 6,
        session: requests.Session | None = None,
        backoff_base: float = 0.5,
        backoff_max: float = 60.0,
        pacing_scale: float = 0.0,
    ) -> None:
        """lwa_endpoint: the token URL, or just its origin (then /auth/o2/token is appended).

        pacing_scale: 0 sends as fast as asked (429s are retried); 1 paces each operation at its usage plan.
        """
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self._endpoint = endpoint.rstrip("/")
        self._token_url = _token_url(lwa_endpoint)
        self._credentials = credentials
        self._timeout = timeout
        self._max_attempts = max_attempts
        self._session = session or requests.Session()
        self._backoff = wait_exponential_jitter(initial=backoff_base, max=backoff_max, jitter=backoff_base)
        self._pacer = Pacer(usage_plans(), pacing_scale)
        self._amazon_date: datetime | None = None
        self._tokens = AccessTokenCache(self._fetch_token, lambda: self._amazon_date)

    def __repr__(self) -> str:
        return f"SpApiClient(endpoint={self._endpoint!r}, credentials={self._credentials!r})"

    def amazon_now(self) -> datetime:
        """Amazon's clock: the Date header of the latest answer (a token call if nothing answered yet)."""
        if self._amazon_date is None:
            self._tokens.get()
        if self._amazon_date is None:
            raise SpApiError("token", None, "NoDateHeader", "Amazon's answers carry no Date header")
        return self._amazon_date

    def get_orders(
        self,
        marketplace_ids: list[str],
        last_updated_after: datetime,
        last_updated_before: datetime | None = None,
    ) -> Iterator[ApiPage]:
        """Every page of orders updated in [after, before); before is clamped to Amazon's now - 2 minutes.

        Datetimes must be timezone-aware; they are sent to the whole second (floored).
        """
        if not marketplace_ids:
            raise ValueError("marketplace_ids must not be empty")
        after = _whole_utc_seconds(last_updated_after, "last_updated_after")
        latest = self.amazon_now() - RECENT_LIMIT
        before = latest
        if last_updated_before is not None:
            before = min(latest, _whole_utc_seconds(last_updated_before, "last_updated_before"))
        if after >= before:
            return
        marketplaces = ",".join(marketplace_ids)
        params: dict[str, Any] = {
            "MarketplaceIds": marketplaces,
            "LastUpdatedAfter": format_amazon_time(after),
            "LastUpdatedBefore": format_amazon_time(before),
            "MaxResultsPerPage": MAX_RESULTS_PER_PAGE,
        }
        while True:
            page = self._call("getOrders", "GET", "/orders/v0/orders", query=params, recorded=params)
            yield page
            next_token = page.body.get("payload", {}).get("NextToken")
            if not next_token:
                return
            params = {"MarketplaceIds": marketplaces, "NextToken": next_token}

    def get_order_items(self, order_id: str) -> list[ApiPage]:
        path = f"/orders/v0/orders/{quote(order_id, safe='')}/orderItems"
        pages: list[ApiPage] = []
        query: dict[str, Any] = {}
        while True:
            pages.append(
                self._call("getOrderItems", "GET", path, query=query, recorded={"orderId": order_id} | query)
            )
            next_token = pages[-1].body.get("payload", {}).get("NextToken")
            if not next_token:
                return pages
            query = {"NextToken": next_token}

    def get_order(self, order_id: str) -> ApiPage:
        path = f"/orders/v0/orders/{quote(order_id, safe='')}"
        return self._call("getOrder", "GET", path, recorded={"orderId": order_id})

    def confirm_shipment(self, order_id: str, body: dict[str, Any]) -> ApiPage:
        path = f"/orders/v0/orders/{quote(order_id, safe='')}/shipmentConfirmation"
        return self._call(
            "confirmShipment", "POST", path, json_body=body, recorded={"orderId": order_id, "body": body}
        )

    def _call(
        self,
        operation: str,
        method: str,
        path: str,
        *,
        recorded: dict[str, Any],
        query: dict[str, Any] | None = None,
        json_body: dict[str, Any] | None = None,
    ) -> ApiPage:
        url = self._endpoint + path
        for may_refresh in (True, False):
            token = self._tokens.get()

            def send(token: str = token) -> requests.Response:
                headers = {"x-amz-access-token": token, "accept": "application/json"}
                return self._session.request(
                    method, url, params=query, json=json_body, headers=headers, timeout=self._timeout
                )

            response, body = self._exchange(operation, send)
            if response.status_code != 403 or not may_refresh:
                break
            # Expired or revoked before our cache noticed: one fresh token, one more try.
            log.debug("%s: HTTP 403, refreshing the access token", operation)
            self._tokens.invalidate()
        if response.status_code >= 400:
            raise _error(operation, response.status_code, body)
        return ApiPage(operation, dict(recorded), response.status_code, body)

    def _fetch_token(self) -> dict[str, Any]:
        def send() -> requests.Response:
            return self._session.post(
                self._token_url, data=self._credentials.token_form(), timeout=self._timeout
            )

        response, body = self._exchange("token", send)
        if response.status_code != 200 or not isinstance(body.get("access_token"), str):
            raise _error("token", response.status_code, body)
        return body

    def _exchange(self, operation: str, send: Send) -> tuple[requests.Response, dict[str, Any]]:
        """One request with retries; returns the final answer and its JSON, or raises SpApiError."""
        retrying = Retrying(
            stop=stop_after_attempt(self._max_attempts),
            wait=self._wait,
            retry=retry_if_exception_type(_Retryable),
            reraise=True,
        )
        outcome: tuple[requests.Response, dict[str, Any]] | None = None
        try:
            for attempt in retrying:
                with attempt:
                    outcome = self._attempt(operation, send, attempt.retry_state.attempt_number)
        except _Retryable as error:
            message = f"{error.message} (gave up after {self._max_attempts} attempts)"
            raise SpApiError(operation, error.status, error.code, message) from error
        assert outcome is not None
        return outcome

    def _attempt(self, operation: str, send: Send, number: int) -> tuple[requests.Response, dict[str, Any]]:
        self._pacer.wait(operation)
        try:
            response = send()
        except requests.Timeout as error:
            log.debug("%s: timeout (attempt %d)", operation, number)
            raise _Retryable(operation, None, "Timeout", f"no answer within {self._timeout}s") from error
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as error:
            log.debug("%s: %s (attempt %d)", operation, type(error).__name__, number)
            raise _Retryable(operation, None, "ConnectionError", type(error).__name__) from error
        log.debug("%s: HTTP %d (attempt %d)", operation, response.status_code, number)
        self._observe(operation, response)
        body = json_object(response)
        if response.status_code in RETRYABLE_STATUSES:
            code, message = error_details(response.status_code, body or {})
            raise _Retryable(operation, response.status_code, code, message, retry_after(response))
        if body is None and response.status_code < 400:
            raise _Retryable(
                operation, response.status_code, "MalformedResponse", "the answer is not a JSON object"
            )
        return response, body or {}

    def _observe(self, operation: str, response: requests.Response) -> None:
        date = http_date(response.headers.get("Date"))
        if date is not None:
            self._amazon_date = date
        self._pacer.observe(operation, response.headers.get("x-amzn-RateLimit-Limit"))

    def _wait(self, state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        if isinstance(error, _Retryable) and error.retry_after is not None:
            return min(error.retry_after, RETRY_AFTER_CAP)
        return self._backoff(state)


def _token_url(lwa_endpoint: str) -> str:
    lwa_endpoint = lwa_endpoint.rstrip("/")
    return lwa_endpoint if urlsplit(lwa_endpoint).path else lwa_endpoint + LWA_TOKEN_PATH


def _whole_utc_seconds(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None:
        raise ValueError(f"{name} must be timezone-aware")
    utc = moment.astimezone(UTC)
    return datetime(utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second, tzinfo=UTC)


def _error(operation: str, status: int, body: dict[str, Any]) -> SpApiError:
    code, message = error_details(status, body)
    return SpApiError(operation, status, code, message)
