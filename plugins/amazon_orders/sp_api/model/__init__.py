"""Amazon's models: operations, usage plans, enums.

ordersV0.json and tokens_2021-03-01.json beside this file are Amazon's (Apache-2.0, LICENSE
and NOTICE beside them).

Everything here is read from the model so the client and the simulator never retype Amazon's numbers.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any

# Amazon's rule for every ...Before filter (the models' parameter descriptions): at least two
# minutes before the request, as Amazon's indexes lag behind.
BEFORE_LIMIT = timedelta(minutes=2)
# Login with Amazon's token endpoint path (POST, grant_type=refresh_token).
LWA_TOKEN_PATH = "/auth/o2/token"

MODEL_PATH = Path(__file__).parent / "ordersV0.json"
TOKENS_MODEL_PATH = Path(__file__).parent / "tokens_2021-03-01.json"

# The "Usage Plan" table in each operation description: | Rate (requests per second) | Burst |
_USAGE_PLAN = re.compile(
    r"\|\s*Rate \(requests per second\)\s*\|\s*Burst\s*\|\s*\n\|[-| ]+\|\s*\n\|\s*([\d.]+)\s*\|\s*(\d+)\s*\|"
)


@dataclass(frozen=True)
class UsagePlan:
    rate: float  # requests per second
    burst: int
    rate_text: str  # the rate exactly as Amazon prints it, e.g. "0.0167"


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str  # upper case
    path: str  # template, e.g. /orders/v0/orders/{orderId}
    usage_plan: UsagePlan | None


@cache
def orders_model() -> dict[str, Any]:
    return json.loads(MODEL_PATH.read_text())


@cache
def tokens_model() -> dict[str, Any]:
    """The Tokens API 2021-03-01 model: createRestrictedDataToken (buyer data needs an RDT)."""
    return json.loads(TOKENS_MODEL_PATH.read_text())


def models() -> tuple[dict[str, Any], ...]:
    return orders_model(), tokens_model()


@cache
def operations() -> tuple[Operation, ...]:
    """Every operation of both models (Orders v0 and Tokens)."""
    found = []
    for model in models():
        for path, path_item in model["paths"].items():
            for method, spec in path_item.items():
                if isinstance(spec, dict) and "operationId" in spec:
                    found.append(Operation(spec["operationId"], method.upper(), path, _usage_plan(spec)))
    return tuple(found)


@cache
def operation_spec(operation_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the model, the operation's spec) for an operation id of either model."""
    for model in models():
        for path_item in model["paths"].values():
            for spec in path_item.values():
                if isinstance(spec, dict) and spec.get("operationId") == operation_id:
                    return model, spec
    raise KeyError(operation_id)


def usage_plans() -> dict[str, UsagePlan]:
    return {op.operation_id: op.usage_plan for op in operations() if op.usage_plan}


def order_statuses() -> tuple[str, ...]:
    return tuple(orders_model()["definitions"]["Order"]["properties"]["OrderStatus"]["enum"])


def definition_schema(name: str, model: dict[str, Any] | None = None) -> dict[str, Any]:
    """A standalone JSON schema for one model definition (refs resolve inside it)."""
    return {"$ref": f"#/definitions/{name}", "definitions": (model or orders_model())["definitions"]}


def _usage_plan(spec: dict[str, Any]) -> UsagePlan | None:
    match = _USAGE_PLAN.search(spec.get("description", ""))
    if match is None:
        return None
    return UsagePlan(rate=float(match[1]), burst=int(match[2]), rate_text=match[1])
