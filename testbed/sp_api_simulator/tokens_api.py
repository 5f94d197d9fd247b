"""Tokens API 2021-03-01: createRestrictedDataToken, for the Orders API's restricted resources."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
from fastapi import APIRouter, Request

from amazon_orders.sp_api.model import definition_schema, tokens_model

from .errors import invalid_input
from .restricted import DATA_ELEMENTS, RESTRICTED_OPERATIONS
from .sellers import RDT_LIFETIME, RestrictedResource
from .state import Simulator

router = APIRouter(prefix="/tokens/2021-03-01")

_REQUEST = jsonschema.Draft4Validator(definition_schema("CreateRestrictedDataTokenRequest", tokens_model()))
_PATHS = tuple(RestrictedResource("GET", path, frozenset()) for path in RESTRICTED_OPERATIONS.values())


@router.post("/restrictedDataToken")
async def create_restricted_data_token(request: Request) -> dict[str, Any]:
    sim: Simulator = request.app.state.sim
    try:
        body = json.loads(await request.body())
    except ValueError:
        raise invalid_input("The request body is not valid JSON.") from None
    error = jsonschema.exceptions.best_match(_REQUEST.iter_errors(body))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "body"
        raise invalid_input(f"Invalid CreateRestrictedDataTokenRequest at {where}: {error.message}")
    resources = tuple(_resource(index, r) for index, r in enumerate(body["restrictedResources"]))
    if not resources:
        raise invalid_input("restrictedResources must name at least one resource.")
    token = sim.sellers.issue_rdt(request.headers.get("x-amz-access-token"), resources, sim.now())
    return {"restrictedDataToken": token, "expiresIn": int(RDT_LIFETIME.total_seconds())}


def _resource(index: int, raw: dict[str, Any]) -> RestrictedResource:
    where = f"restrictedResources[{index}]"
    elements = frozenset(raw.get("dataElements") or ())
    unknown = sorted(elements - set(DATA_ELEMENTS))
    if unknown:
        raise invalid_input(f"{where}.dataElements has unknown values: {', '.join(unknown)}.")
    if not elements:
        raise invalid_input(f"{where}.dataElements is required for Orders API resources.")
    if raw["method"] != "GET" or not any(
        p.matches("GET", raw["path"]) or p.path == raw["path"] for p in _PATHS
    ):
        raise invalid_input(f"{where}: {raw['method']} {raw['path']} is not a restricted resource.")
    return RestrictedResource(raw["method"], raw["path"], elements)
