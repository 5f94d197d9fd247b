"""Notifications API v1: destinations (grantless: the application's) and ORDER_CHANGE subscriptions
(a seller's), answered as Amazon's model has them; the notifier (notifier.py) delivers."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
from fastapi import APIRouter, Request

from amazon_orders.sp_api.model import (
    NOTIFICATIONS_SCOPE,
    ORDER_CHANGE,
    definition_schema,
    notifications_model,
)

from .errors import AmazonError, invalid_input, not_found
from .notifier import Destination, Subscription
from .state import Simulator

router = APIRouter(prefix="/notifications/v1")

_REQUESTS = {
    name: jsonschema.Draft4Validator(definition_schema(name, notifications_model()))
    for name in ("CreateDestinationRequest", "CreateSubscriptionRequest")
}


async def _body(request: Request, definition: str) -> dict[str, Any]:
    try:
        body = json.loads(await request.body())
    except ValueError:
        raise invalid_input("The request body is not valid JSON.") from None
    error = jsonschema.exceptions.best_match(_REQUESTS[definition].iter_errors(body))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "body"
        raise invalid_input(f"Invalid {definition} at {where}: {error.message}")
    return body


def _application(request: Request) -> str:
    sim: Simulator = request.app.state.sim
    return sim.sellers.application_for(
        request.headers.get("x-amz-access-token"), sim.now(), NOTIFICATIONS_SCOPE
    )


def _seller(request: Request) -> tuple[str, str]:
    sim: Simulator = request.app.state.sim
    token = request.headers.get("x-amz-access-token")
    return sim.sellers.seller_for(token, sim.now()), sim.sellers.application_of(token)


def _destination(destination: Destination) -> dict[str, Any]:
    return {
        "name": destination.name,
        "destinationId": destination.destination_id,
        "resource": {"sqs": {"arn": destination.arn}},
    }


def _subscription(subscription: Subscription) -> dict[str, Any]:
    return {
        "subscriptionId": subscription.subscription_id,
        "payloadVersion": subscription.payload_version,
        "destinationId": subscription.destination_id,
    }


def _notification_type(notification_type: str) -> str:
    if notification_type != ORDER_CHANGE:
        raise invalid_input(f"The simulator notifies {ORDER_CHANGE} only, not {notification_type}.")
    return notification_type


@router.get("/destinations")
async def get_destinations(request: Request) -> dict[str, Any]:
    sim: Simulator = request.app.state.sim
    mine = sim.notifier.destinations.get(_application(request), {})
    return {"payload": [_destination(d) for d in mine.values()]}


@router.post("/destinations")
async def create_destination(request: Request) -> dict[str, Any]:
    sim: Simulator = request.app.state.sim
    application = _application(request)
    body = await _body(request, "CreateDestinationRequest")
    arn = (body["resourceSpecification"].get("sqs") or {}).get("arn")
    if arn is None:
        raise invalid_input("resourceSpecification.sqs is required (the simulator delivers to SQS only).")
    destination = sim.notifier.create_destination(application, body["name"], arn)
    if destination is None:
        raise AmazonError(409, "Conflict", "A destination for this resource already exists.")
    return {"payload": _destination(destination)}


@router.get("/subscriptions/{notification_type}")
async def get_subscription(notification_type: str, request: Request) -> dict[str, Any]:
    sim: Simulator = request.app.state.sim
    seller_id, application = _seller(request)
    key = (seller_id, application, _notification_type(notification_type))
    subscription = sim.notifier.subscriptions.get(key)
    if subscription is None:
        raise not_found(f"No subscription of the type {notification_type} was found.")
    return {"payload": _subscription(subscription)}


@router.post("/subscriptions/{notification_type}")
async def create_subscription(notification_type: str, request: Request) -> dict[str, Any]:
    sim: Simulator = request.app.state.sim
    seller_id, application = _seller(request)
    body = await _body(request, "CreateSubscriptionRequest")
    destination_id, version = body.get("destinationId"), body.get("payloadVersion")
    if not destination_id or destination_id not in sim.notifier.destinations.get(application, {}):
        raise invalid_input(f"The destination {destination_id} was not found.")
    if version != "1.0":
        raise invalid_input(f"payloadVersion {version!r} is not supported for {notification_type}.")
    subscription = sim.notifier.subscribe(
        seller_id, application, _notification_type(notification_type), destination_id, version
    )
    if subscription is None:
        raise AmazonError(409, "Conflict", "A subscription of this type already exists.")
    return {"payload": _subscription(subscription)}
