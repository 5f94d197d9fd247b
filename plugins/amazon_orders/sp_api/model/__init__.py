"""Amazon's models: operations, usage plans, enums.

ordersV0.json (Orders API v0), orders_2026-01-01.json (Orders API v2026-01-01),
tokens_2021-03-01.json and OrderChangeNotification.json (the ORDER_CHANGE notification's schema)
beside this file are Amazon's (Apache-2.0, LICENSE and NOTICE beside them);
notifications_v1.json is the subset of Amazon's Notifications API v1 model this project calls
(destinations and subscriptions), written after Amazon's model under the same licence.
An operation is known by its operationId; where a later model repeats an id of an earlier one
(v2026's getOrder), its name carries the version: `getOrder.2026-01-01`.

Everything here is read from the model so the client and the simulator never retype Amazon's numbers.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

# Amazon's rule for every ...Before filter (the models' parameter descriptions): at least two
# minutes before the request, as Amazon's indexes lag behind.
BEFORE_LIMIT = timedelta(minutes=2)
# Login with Amazon's token endpoint path (POST, grant_type=refresh_token).
LWA_TOKEN_PATH = "/auth/o2/token"

MODEL_PATH = Path(__file__).parent / "ordersV0.json"
ORDERS_2026_MODEL_PATH = Path(__file__).parent / "orders_2026-01-01.json"
TOKENS_MODEL_PATH = Path(__file__).parent / "tokens_2021-03-01.json"
NOTIFICATIONS_MODEL_PATH = Path(__file__).parent / "notifications_v1.json"
ORDER_CHANGE_SCHEMA_PATH = Path(__file__).parent / "OrderChangeNotification.json"
# The notification this project subscribes to, and the payload version it reads.
ORDER_CHANGE = "ORDER_CHANGE"
ORDER_CHANGE_PAYLOAD_VERSION = "1.0"
# The scope of a grantless LWA token (client_credentials grant) for the Notifications API's
# destination operations, which belong to the application, not to a seller.
NOTIFICATIONS_SCOPE = "sellingpartnerapi::notifications"
# The Orders API versions that read orders. v0's reading operations are deprecated in its
# model since 2026-02-25 and Amazon removes them on this date; confirmShipment stays.
ORDERS_V0 = "v0"
ORDERS_2026 = "2026-01-01"
ORDERS_V0_READS_REMOVED = date(2027, 3, 27)

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
    name: str  # unique across the models: the operationId, or operationId.version where repeated
    operation_id: str
    method: str  # upper case
    path: str  # template, e.g. /orders/v0/orders/{orderId}
    usage_plan: UsagePlan | None


@cache
def orders_model() -> dict[str, Any]:
    return json.loads(MODEL_PATH.read_text())


@cache
def orders_2026_model() -> dict[str, Any]:
    """The Orders API v2026-01-01 model: searchOrders and getOrder, orders with their items."""
    return json.loads(ORDERS_2026_MODEL_PATH.read_text())


@cache
def tokens_model() -> dict[str, Any]:
    """The Tokens API 2021-03-01 model: createRestrictedDataToken (buyer data needs an RDT)."""
    return json.loads(TOKENS_MODEL_PATH.read_text())


@cache
def notifications_model() -> dict[str, Any]:
    """The Notifications API v1 subset: createDestination, getDestinations, createSubscription,
    getSubscription."""
    return json.loads(NOTIFICATIONS_MODEL_PATH.read_text())


@cache
def order_change_schema() -> dict[str, Any]:
    """The JSON schema of an ORDER_CHANGE notification (the SQS message's body)."""
    return json.loads(ORDER_CHANGE_SCHEMA_PATH.read_text())


def models() -> tuple[dict[str, Any], ...]:
    """Every model, earliest first (the order that names a repeated operation id)."""
    return orders_model(), tokens_model(), orders_2026_model(), notifications_model()


@cache
def _specs() -> tuple[tuple[Operation, dict[str, Any], dict[str, Any]], ...]:
    found: list[tuple[Operation, dict[str, Any], dict[str, Any]]] = []
    for model in models():
        for path, path_item in model["paths"].items():
            for method, spec in path_item.items():
                if isinstance(spec, dict) and "operationId" in spec:
                    op_id = spec["operationId"]
                    taken = any(op.operation_id == op_id for op, _, _ in found)
                    name = f"{op_id}.{model['info']['version']}" if taken else op_id
                    operation = Operation(name, op_id, method.upper(), path, _usage_plan(spec))
                    found.append((operation, model, spec))
    return tuple(found)


def operations() -> tuple[Operation, ...]:
    """Every operation of every model (Orders v0, Tokens, Orders v2026-01-01, Notifications v1)."""
    return tuple(op for op, _, _ in _specs())


def operation_spec(name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the model, the operation's spec) for an operation's name."""
    for op, model, spec in _specs():
        if op.name == name:
            return model, spec
    raise KeyError(name)


def usage_plans() -> dict[str, UsagePlan]:
    """Each operation's usage plan, by the operation's name."""
    return {op.name: op.usage_plan for op in operations() if op.usage_plan}


def order_statuses() -> tuple[str, ...]:
    return tuple(orders_model()["definitions"]["Order"]["properties"]["OrderStatus"]["enum"])


def fulfillment_statuses() -> tuple[str, ...]:
    """v2026's order statuses (UNSHIPPED, CANCELLED, ...): the model's FulfillmentStatus enum."""
    return tuple(orders_2026_model()["definitions"]["FulfillmentStatus"]["enum"])


def definition_schema(name: str, model: dict[str, Any] | None = None) -> dict[str, Any]:
    """A standalone JSON schema for one model definition (refs resolve inside it)."""
    return {"$ref": f"#/definitions/{name}", "definitions": (model or orders_model())["definitions"]}


def _usage_plan(spec: dict[str, Any]) -> UsagePlan | None:
    match = _USAGE_PLAN.search(spec.get("description", ""))
    if match is None:
        return None
    return UsagePlan(rate=float(match[1]), burst=int(match[2]), rate_text=match[1])
