"""SP-API Orders client on requests: LWA token, retries with back-off, Amazon's clock, paging.

Also the Notifications API v1 (createDestination and getDestinations, grantless: built with
GrantlessCredentials; createSubscription and getSubscription, for a seller).

Orders API v0 (getOrders, getOrder, getOrderItems, confirmShipment) and v2026-01-01 (searchOrders,
getOrder.2026-01-01: items come with the orders). Each operation is paced and retried by its name.

Logs one DEBUG line per HTTP attempt (operation, status, attempt) and never tokens, secrets or buyer data.
Every failed attempt is also handed to a failure listener (the pipeline records them in amazon.api_call_log).
With `restricted_data`, v0's Orders calls carry a Restricted Data Token, so buyer name, email and address
come back; without it Amazon withholds them. v2026 needs no such token: the buyer's data comes with
includedData BUYER and RECIPIENT (the application's roles permitting).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
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

from . import orders_2026
from .answers import error_details, http_date, json_object, retry_after
from .auth import AccessTokenCache, Credentials, GrantlessCredentials
from .model import BEFORE_LIMIT, LWA_TOKEN_PATH, usage_plans
from .model.timestamps import format_amazon_time
from .pacing import Pacer

log = logging.getLogger(__name__)

RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RESULTS_PER_PAGE = 100
# Retry-After is obeyed over our own back-off, but a silly value must not stall a task for hours.
RETRY_AFTER_CAP = 300.0
# The Orders API answers for the last two years only: older window starts are moved up to this.
HISTORY_LIMIT = timedelta(days=730) - timedelta(hours=1)
# A getOrders query whose NextToken expired is started again from its first page, this many times.
MAX_QUERY_RESTARTS = 2
# A searchOrders window whose paginationToken Amazon refused (400, often with an empty message:
# expired after 24 hours, or not taken) is started again from its first page, this many times.
MAX_SEARCH_RESTARTS = 3
RDT_PATH = "/tokens/2021-03-01/restrictedDataToken"
# The restricted resources one RDT covers: every order, its items, and getOrders.
RESTRICTED_RESOURCES = (
    {"method": "GET", "path": "/orders/v0/orders", "dataElements": ["buyerInfo", "shippingAddress"]},
    {
        "method": "GET",
        "path": "/orders/v0/orders/{orderId}",
        "dataElements": ["buyerInfo", "shippingAddress"],
    },
    {"method": "GET", "path": "/orders/v0/orders/{orderId}/orderItems", "dataElements": ["buyerInfo"]},
)
DESTINATIONS_PATH = "/notifications/v1/destinations"
SUBSCRIPTIONS_PATH = "/notifications/v1/subscriptions"
RESTRICTED_OPERATIONS = frozenset({"getOrders", "getOrder", "getOrderItems"})
MESSAGE_LIMIT = 500


@dataclass(frozen=True)
class CallFailure:
    """One failed attempt, as the Communication Errors log keeps it: never a token, secret or buyer datum."""

    operation: str
    status: int | None  # None: no HTTP answer (timeout, connection lost)
    code: str
    message: str
    attempt: int
    final: bool  # the call gave up (or the error is not worth another attempt)


FailureListener = Callable[[CallFailure], None]


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


class CredentialsRefused(SpApiError):
    """LWA refused the credentials themselves: `invalid_client` (the client id or secret) or
    `invalid_grant` (the seller's refresh token, expired or revoked). Trying again cannot help."""


# LWA's error codes that mean the credentials, not the call, are wrong.
REFUSED_CREDENTIALS = ("invalid_client", "invalid_grant")


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
        credentials: Credentials | GrantlessCredentials,
        *,
        timeout: float = 30,
        max_attempts: int = 6,
        session: requests.Session | None = None,
        backoff_base: float = 0.5,
        backoff_max: float = 60.0,
        pacing_scale: float = 0.0,
        restricted_data: bool = False,
        pacer: Pacer | None = None,
    ) -> None:
        """lwa_endpoint: the token URL, or just its origin (then /auth/o2/token is appended).

        pacing_scale: 0 sends as fast as asked (429s are retried); 1 paces each operation at its usage plan
        (and at the rate Amazon reports in x-amzn-RateLimit-Limit); other values compress time like the
        simulator's --rate-scale.
        restricted_data: ask for a Restricted Data Token and use it for getOrders/getOrder/getOrderItems.
        pacer: pacing of one's own (buckets shared with other processes); pacing_scale is then its business.
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
        self._pacer = pacer or Pacer(usage_plans(), pacing_scale)
        self._amazon_date: datetime | None = None
        self._tokens = AccessTokenCache(self._fetch_token, lambda: self._amazon_date)
        self.restricted_data = restricted_data
        self._rdt = AccessTokenCache(self._fetch_rdt, lambda: self._amazon_date)
        self._listeners: list[FailureListener] = []

    @contextmanager
    def recording_failures(self, listener: FailureListener) -> Iterator[None]:
        """Hand every failed attempt made inside the block to `listener`."""
        self._listeners.append(listener)
        try:
            yield
        finally:
            self._listeners.remove(listener)

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
        return self._orders_window(
            marketplace_ids,
            ("LastUpdatedAfter", "LastUpdatedBefore"),
            last_updated_after,
            last_updated_before,
        )

    def get_orders_created(
        self, marketplace_ids: list[str], created_after: datetime, created_before: datetime | None = None
    ) -> Iterator[ApiPage]:
        """Every page of orders purchased in [after, before) (a backfill's chunk); rules as get_orders."""
        return self._orders_window(
            marketplace_ids, ("CreatedAfter", "CreatedBefore"), created_after, created_before
        )

    def _window(
        self, names: tuple[str, str], start: datetime, end: datetime | None
    ) -> tuple[datetime, datetime] | None:
        """[after, before) to ask for: whole seconds, within Amazon's two years, before clamped to
        Amazon's now - 2 minutes; None when that leaves nothing to ask."""
        after = _whole_utc_seconds(start, names[0])
        if end is not None:
            end = _whole_utc_seconds(end, names[1])
        amazon_now = self.amazon_now()
        if after < amazon_now - HISTORY_LIMIT:
            log.info("%s %s is older than Amazon's two years of order history: moved up", names[0], after)
            after = _whole_utc_seconds(amazon_now - HISTORY_LIMIT, names[0])
        latest = amazon_now - BEFORE_LIMIT
        before = latest if end is None else min(latest, end)
        return (after, before) if after < before else None

    def _orders_window(
        self, marketplace_ids: list[str], names: tuple[str, str], start: datetime, end: datetime | None
    ) -> Iterator[ApiPage]:
        if not marketplace_ids:
            raise ValueError("marketplace_ids must not be empty")
        window = self._window(names, start, end)
        if window is None:
            return
        after, before = window
        marketplaces = ",".join(marketplace_ids)
        first: dict[str, Any] = {
            "MarketplaceIds": marketplaces,
            names[0]: format_amazon_time(after),
            names[1]: format_amazon_time(before),
            "MaxResultsPerPage": MAX_RESULTS_PER_PAGE,
        }
        params, restarts = first, 0
        while True:
            try:
                page = self._call("getOrders", "GET", "/orders/v0/orders", query=params, recorded=params)
            except SpApiError as error:
                if not _expired_token(params, error) or restarts >= MAX_QUERY_RESTARTS:
                    raise
                # Amazon let the NextToken expire: ask the whole window again (pages repeat, ids do not).
                log.info("getOrders: NextToken expired; repeating the query from its first page")
                params, restarts = first, restarts + 1
                continue
            yield page
            next_token = page.body.get("payload", {}).get("NextToken")
            if not next_token:
                return
            params = {"MarketplaceIds": marketplaces, "NextToken": next_token}

    def search_orders(
        self,
        marketplace_ids: Iterable[str],
        last_updated_after: datetime,
        last_updated_before: datetime | None = None,
        included_data: Iterable[str] = (),
    ) -> Iterator[ApiPage]:
        """searchOrders (v2026-01-01): every page of orders updated in [after, before).

        before is clamped to Amazon's now - 2 minutes, after moved up to Amazon's two years;
        datetimes must be timezone-aware and are sent to the whole second (floored).
        marketplace_ids: 1 to 50 (the caller splits more); included_data: datasets of the model's
        includedData (BUYER, RECIPIENT, PROCEEDS, ...). Both are checked now, before anything is sent.
        A refused paginationToken (400) starts the window again from its first page, so pages may
        repeat: store them idempotently.
        """
        return self._search_window(
            marketplace_ids,
            ("lastUpdatedAfter", "lastUpdatedBefore"),
            last_updated_after,
            last_updated_before,
            included_data,
        )

    def search_orders_created(
        self,
        marketplace_ids: Iterable[str],
        created_after: datetime,
        created_before: datetime | None = None,
        included_data: Iterable[str] = (),
    ) -> Iterator[ApiPage]:
        """searchOrders by purchase time: orders created in [after, before) (a backfill's chunk);
        rules as search_orders."""
        return self._search_window(
            marketplace_ids, ("createdAfter", "createdBefore"), created_after, created_before, included_data
        )

    def _search_window(
        self,
        marketplace_ids: Iterable[str],
        names: tuple[str, str],
        start: datetime,
        end: datetime | None,
        included_data: Iterable[str],
    ) -> Iterator[ApiPage]:
        marketplaces = orders_2026.marketplace_ids(marketplace_ids)
        included = orders_2026.included_data(orders_2026.SEARCH_ORDERS, included_data)
        _whole_utc_seconds(start, names[0])  # refused now, not at the first page
        if end is not None:
            _whole_utc_seconds(end, names[1])
        return self._search_pages(marketplaces, names, start, end, included)

    def _search_pages(
        self,
        marketplaces: str,
        names: tuple[str, str],
        start: datetime,
        end: datetime | None,
        included: str | None,
    ) -> Iterator[ApiPage]:
        window = self._window(names, start, end)
        if window is None:
            return
        operation, path = orders_2026.SEARCH_ORDERS, orders_2026.path(orders_2026.SEARCH_ORDERS)
        first: dict[str, Any] = {
            "marketplaceIds": marketplaces,
            names[0]: format_amazon_time(window[0]),
            names[1]: format_amazon_time(window[1]),
            "maxResultsPerPage": orders_2026.MAX_RESULTS_PER_PAGE,
        }
        if included:
            first["includedData"] = included
        params, restarts = first, 0
        while True:
            try:
                page = self._call(operation, "GET", path, query=params, recorded=params)
            except SpApiError as error:
                if "paginationToken" not in params or error.status != 400:
                    raise
                if restarts >= MAX_SEARCH_RESTARTS:
                    raise SpApiError(
                        operation,
                        error.status,
                        error.code,
                        f"Amazon refused the paginationToken of the window {names[0]}={first[names[0]]}, "
                        f"{names[1]}={first[names[1]]} {restarts + 1} times "
                        f"({error.message or 'no message'}); started again from its first page "
                        f"{restarts} times, giving up",
                    ) from error
                # Expired (24 hours) or not taken: ask the whole window again (pages repeat, ids do not).
                restarts += 1
                log.warning(
                    "%s: paginationToken refused (HTTP 400 %s: %s); the window starts again from its "
                    "first page (restart %d of %d)",
                    operation,
                    error.code,
                    error.message or "no message",
                    restarts,
                    MAX_SEARCH_RESTARTS,
                )
                params = first
                continue
            yield page
            next_token = _pagination_token(page.body)
            if next_token is None:
                return
            params = first | {"paginationToken": next_token}

    def get_order_2026(self, order_id: str, included_data: Iterable[str] = ()) -> ApiPage:
        """getOrder (v2026-01-01): the order with its items and the datasets asked for."""
        operation = orders_2026.GET_ORDER
        included = orders_2026.included_data(operation, included_data)
        query: dict[str, Any] = {"includedData": included} if included else {}
        path = orders_2026.path(operation).replace("{orderId}", quote(order_id, safe=""))
        return self._call(operation, "GET", path, query=query, recorded={"orderId": order_id} | query)

    def get_destinations(self) -> ApiPage:
        """getDestinations (grantless): every destination of the application."""
        return self._call("getDestinations", "GET", DESTINATIONS_PATH, recorded={})

    def create_destination(self, name: str, sqs_arn: str) -> ApiPage:
        """createDestination (grantless): an SQS queue, by its ARN, as a destination."""
        body = {"name": name, "resourceSpecification": {"sqs": {"arn": sqs_arn}}}
        return self._call("createDestination", "POST", DESTINATIONS_PATH, json_body=body, recorded=body)

    def get_subscription(self, notification_type: str) -> ApiPage:
        """getSubscription: the seller's subscription to the notification type (404: none)."""
        path = f"{SUBSCRIPTIONS_PATH}/{quote(notification_type, safe='')}"
        return self._call("getSubscription", "GET", path, recorded={"notificationType": notification_type})

    def create_subscription(
        self, notification_type: str, destination_id: str, payload_version: str
    ) -> ApiPage:
        """createSubscription: the seller's notifications of the type to the destination (409: one exists)."""
        path = f"{SUBSCRIPTIONS_PATH}/{quote(notification_type, safe='')}"
        body = {"payloadVersion": payload_version, "destinationId": destination_id}
        recorded = {"notificationType": notification_type, **body}
        return self._call("createSubscription", "POST", path, json_body=body, recorded=recorded)

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
        restricted = self.restricted_data and operation in RESTRICTED_OPERATIONS
        for may_refresh in (True, False):
            token = self._rdt.get() if restricted else self._tokens.get()

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
            self._rdt.invalidate()
        if response.status_code >= 400:
            raise self._final(operation, response.status_code, body)
        return ApiPage(operation, dict(recorded), response.status_code, body)

    def _fetch_rdt(self) -> dict[str, Any]:
        """createRestrictedDataToken for the Orders resources; answered like LWA (token, lifetime)."""
        access_token = self._tokens.get()

        def send() -> requests.Response:
            headers = {"x-amz-access-token": access_token, "accept": "application/json"}
            body = {"restrictedResources": list(RESTRICTED_RESOURCES)}
            return self._session.post(
                self._endpoint + RDT_PATH, json=body, headers=headers, timeout=self._timeout
            )

        response, body = self._exchange("createRestrictedDataToken", send)
        if response.status_code != 200 or not isinstance(body.get("restrictedDataToken"), str):
            raise self._final("createRestrictedDataToken", response.status_code, body)
        return {"access_token": body["restrictedDataToken"], "expires_in": body.get("expiresIn", 3600)}

    def _final(self, operation: str, status: int, body: dict[str, Any]) -> SpApiError:
        """The error of a call that will not be tried again (reported to the listeners)."""
        error = _error(operation, status, body)
        self._report(CallFailure(operation, status, error.code, error.message, 1, final=True))
        return error

    def _report(self, failure: CallFailure) -> None:
        failure = CallFailure(
            failure.operation,
            failure.status,
            failure.code[:100],
            failure.message[:MESSAGE_LIMIT],
            failure.attempt,
            failure.final,
        )
        for listener in list(self._listeners):
            try:
                listener(failure)
            except Exception:  # a broken log must not break the call
                log.exception("%s: the failure listener failed", failure.operation)

    def _fetch_token(self) -> dict[str, Any]:
        def send() -> requests.Response:
            return self._session.post(
                self._token_url, data=self._credentials.token_form(), timeout=self._timeout
            )

        response, body = self._exchange("token", send)
        if response.status_code != 200 or not isinstance(body.get("access_token"), str):
            error = self._final("token", response.status_code, body)
            if error.code in REFUSED_CREDENTIALS:
                raise CredentialsRefused(error.operation, error.status, error.code, error.message)
            raise error
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
        try:
            return self._try(operation, send, number)
        except _Retryable as failed:
            self._report(
                CallFailure(
                    operation,
                    failed.status,
                    failed.code,
                    failed.message,
                    number,
                    final=number >= self._max_attempts,
                )
            )
            if failed.status == 429:
                self._pacer.throttled(operation)
            raise

    def _try(self, operation: str, send: Send, number: int) -> tuple[requests.Response, dict[str, Any]]:
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


def _pagination_token(body: dict[str, Any]) -> str | None:
    """searchOrders' pagination.nextToken; None on the last page (or an answer without a usable one)."""
    pagination = body.get("pagination")
    token = pagination.get("nextToken") if isinstance(pagination, dict) else None
    return token if isinstance(token, str) and token else None


def _expired_token(params: dict[str, Any], error: SpApiError) -> bool:
    return "NextToken" in params and error.status == 400 and "nexttoken" in error.message.lower()


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
