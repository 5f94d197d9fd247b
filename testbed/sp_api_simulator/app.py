"""The simulator's FastAPI app: routes plus a gateway that counts, faults, throttles and stamps headers."""

from __future__ import annotations

import asyncio
import logging
import re
import uuid
from collections.abc import Awaitable, Callable
from email.utils import format_datetime

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from amazon_orders.sp_api.model import LWA_TOKEN_PATH, UsagePlan, operations

from . import control_api, lwa_api, notifications_api, orders_2026_api, orders_api, tokens_api
from .errors import AmazonError
from .faults import Fault
from .state import Simulator

log = logging.getLogger(__name__)


_ROUTES = [
    (
        op.method,
        re.compile("^" + re.sub(r"\{[^/]+\}", "[^/]+", op.path) + "$"),
        op.name,
        op.usage_plan,
    )
    for op in operations()
]

_FAULT_ERRORS = {
    "throttle": (429, "QuotaExceeded", "You exceeded your quota for the requested resource."),
    "error500": (500, "InternalFailure", "We encountered an internal error. Please try again."),
    "error503": (503, "ServiceUnavailable", "Service temporarily unavailable. Please try again."),
}


def create_app(sim: Simulator) -> FastAPI:
    app = FastAPI(title="SP-API simulator", openapi_url=None, docs_url=None, redoc_url=None)
    app.state.sim = sim
    app.include_router(lwa_api.router)
    app.include_router(orders_api.router)
    app.include_router(orders_2026_api.router)
    app.include_router(tokens_api.router)
    app.include_router(notifications_api.router)
    app.include_router(control_api.router)
    app.add_exception_handler(AmazonError, _amazon_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.middleware("http")(_gateway)
    return app


def operation_for(method: str, path: str) -> tuple[str, UsagePlan | None] | None:
    if method == "POST" and path == LWA_TOKEN_PATH:
        return "token", None
    for route_method, pattern, operation_id, plan in _ROUTES:
        if route_method == method and pattern.match(path):
            return operation_id, plan
    return None


async def _gateway(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    sim: Simulator = request.app.state.sim
    operation = operation_for(request.method, request.url.path)
    if operation is None:
        response = await call_next(request)
    else:
        response = await _operation(sim, request, operation, call_next)
    # Uvicorn's own Date header is off: this one is Amazon's clock, the simulated one.
    response.headers["Date"] = format_datetime(sim.now(), usegmt=True)
    response.headers.setdefault("x-amzn-RequestId", str(uuid.uuid4()))
    return response


async def _operation(
    sim: Simulator,
    request: Request,
    operation: tuple[str, UsagePlan | None],
    call_next: Callable[[Request], Awaitable[Response]],
) -> Response:
    name, plan = operation
    seller = sim.sellers.peek(request.headers.get("x-amz-access-token"))
    request_body = await request.body() if sim.contract is not None and name != "token" else b""
    sim.calls[name] += 1
    fault = sim.faults.take(name, seller)
    if fault is not None and fault.kind != "timeout":
        response = _fault_response(name, fault)
    elif plan is not None and not sim.gate.admit(seller, name, plan):
        sim.throttled[name] += 1
        response = _fault_response(name, Fault("throttle", 0, injected=False))
    else:
        response = await call_next(request)
        if fault is not None:  # timeout: the work is done, the answer comes too late
            await asyncio.sleep(fault.delay_seconds)
    if plan is not None:
        response.headers["x-amzn-RateLimit-Limit"] = sim.gate.limit_header(seller, name, plan)
    if (
        sim.contract is not None
        and name != "token"
        and not (fault and fault.kind in ("malformed", "truncated"))
    ):
        response = await _checked(sim, request, name, request_body, response)
    return response


async def _checked(
    sim: Simulator, request: Request, name: str, request_body: bytes, response: Response
) -> Response:
    """Check the request and the answer against the model; the answer goes out unchanged."""
    assert sim.contract is not None
    if hasattr(response, "body_iterator"):  # the route's streamed answer
        answer = b"".join([chunk async for chunk in response.body_iterator])
    else:  # an answer the gateway made itself
        answer = bytes(response.body)
    response.headers["x-amzn-RequestId"] = str(uuid.uuid4())
    headers = {k.lower(): v for k, v in response.headers.items()}
    found = sim.contract.check(
        name,
        request.method,
        request.url.path,
        request.query_params.multi_items(),
        request_body,
        response.status_code,
        answer,
        headers,
    )
    for violation in found:
        log.error("contract violation: %s", violation)
    return Response(answer, response.status_code, dict(response.headers), response.media_type)


# The first bytes of a cut-off answer, in the operation's own shape.
_CUT_OFF = {"searchOrders": '{"orders": [', "getOrder.2026-01-01": '{"order": {"orderId": '}


def _fault_response(operation: str, fault: Fault) -> Response:
    cut_off = _CUT_OFF.get(operation, '{"payload": {"Orders": [')
    if fault.kind == "malformed":
        # A cut-off body under a JSON content type, as a broken proxy would deliver it.
        return Response(cut_off, status_code=200, media_type="application/json")
    if fault.kind == "truncated":
        # The connection drops mid-body: fewer bytes than Content-Length promises.
        return Response(
            cut_off,
            status_code=200,
            media_type="application/json",
            headers={"content-length": "4096"},
        )
    status, code, message = _FAULT_ERRORS[fault.kind]
    headers = {"Retry-After": f"{fault.retry_after:g}"} if fault.retry_after is not None else None
    if operation == "token":
        return JSONResponse({"error": code, "error_description": message}, status, headers)
    return JSONResponse(AmazonError(status, code, message).body(), status, headers)


async def _amazon_error(_request: Request, error: Exception) -> Response:
    assert isinstance(error, AmazonError)
    return JSONResponse(error.body(), error.status)


async def _http_error(_request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    code = "NotFound" if error.status_code == 404 else "InvalidInput"
    return JSONResponse(AmazonError(error.status_code, code, str(error.detail)).body(), error.status_code)
