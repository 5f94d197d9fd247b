"""Login with Amazon: POST /auth/o2/token, the refresh_token grant and the client_credentials grant
(grantless operations: the Notifications API's destinations)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from amazon_orders.sp_api.model import LWA_TOKEN_PATH, NOTIFICATIONS_SCOPE

from .sellers import ACCESS_TOKEN_LIFETIME, LwaError
from .state import Simulator

router = APIRouter()


@router.post(LWA_TOKEN_PATH)
async def exchange_token(request: Request) -> JSONResponse:
    sim: Simulator = request.app.state.sim
    form = await request.form()
    try:
        if form.get("grant_type") == "client_credentials":
            return _grantless(sim, form)
        if form.get("grant_type") != "refresh_token":
            raise LwaError(
                400,
                "unsupported_grant_type",
                "Only the refresh_token and client_credentials grants are supported.",
            )
        refresh_token = form.get("refresh_token")
        if not isinstance(refresh_token, str) or not refresh_token:
            raise LwaError(
                400, "invalid_request", "The request is missing a required parameter : refresh_token"
            )
        access_token = sim.sellers.exchange(
            refresh_token, _text(form.get("client_id")), _text(form.get("client_secret")), sim.now()
        )
    except LwaError as error:
        return JSONResponse({"error": error.error, "error_description": error.description}, error.status)
    return JSONResponse(
        {
            "access_token": access_token,
            "token_type": "bearer",
            "expires_in": int(ACCESS_TOKEN_LIFETIME.total_seconds()),
            "refresh_token": refresh_token,
        }
    )


def _grantless(sim: Simulator, form: Any) -> JSONResponse:
    scope = _text(form.get("scope"))
    if scope != NOTIFICATIONS_SCOPE:
        raise LwaError(400, "invalid_scope", f"The scope must be {NOTIFICATIONS_SCOPE}.")
    token = sim.sellers.exchange_grantless(
        _text(form.get("client_id")), _text(form.get("client_secret")), scope, sim.now()
    )
    return JSONResponse(
        {
            "access_token": token,
            "scope": scope,
            "token_type": "bearer",
            "expires_in": int(ACCESS_TOKEN_LIFETIME.total_seconds()),
        }
    )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None
