"""Amazon's ORDER_CHANGE notifications into an SQS queue: the one-time setup, idempotent.

    python -m amazon_orders.notifications setup --queue-arn arn:aws:sqs:REGION:ACCOUNT:QUEUE
        [--destination-name amazon-orders] [--seller SELLER_ID ...]

1. The destination (the application's, grantless: an LWA token for the scope
   `sellingpartnerapi::notifications`): getDestinations, and the one whose SQS ARN is the queue's is
   kept; none: createDestination.
2. Each seller's ORDER_CHANGE subscription (the seller's refresh token, from the `amazon_sp_api`
   connection): getSubscription, and one found is kept; none: createSubscription (a 409 Conflict,
   Amazon's answer for a subscription that exists, is read again and kept).

A second run finds everything and keeps it. Every line printed says what was done. The queue's
policy must let Amazon's notifications principal send to it first (docs/notifications.md).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from typing import Any

from amazon_orders.sp_api import SpApiClient, SpApiError
from amazon_orders.sp_api.model import ORDER_CHANGE, ORDER_CHANGE_PAYLOAD_VERSION

DEFAULT_DESTINATION_NAME = "amazon-orders"
CREATED, KEPT = "created", "kept"


@dataclass(frozen=True)
class Destination:
    destination_id: str
    outcome: str  # created or kept


@dataclass(frozen=True)
class Subscription:
    seller_id: str
    subscription_id: str
    destination_id: str
    outcome: str  # created or kept

    def line(self, destination_id: str) -> str:
        where = (
            ""
            if self.destination_id == destination_id
            else f" (to another destination {self.destination_id})"
        )
        subscription = f"{ORDER_CHANGE} subscription {self.subscription_id}"
        return f"seller {self.seller_id}: {subscription} {self.outcome}{where}"


def ensure_destination(grantless: SpApiClient, name: str, queue_arn: str) -> Destination:
    """The application's destination for the queue: the one found, or a new one."""
    found = _destination_of(grantless, queue_arn)
    if found is not None:
        return Destination(found, KEPT)
    try:
        payload = grantless.create_destination(name, queue_arn).body["payload"]
    except SpApiError as error:
        found = _destination_of(grantless, queue_arn) if error.status == 409 else None
        if found is None:
            raise
        return Destination(found, KEPT)
    return Destination(payload["destinationId"], CREATED)


def _destination_of(grantless: SpApiClient, queue_arn: str) -> str | None:
    for destination in grantless.get_destinations().body.get("payload") or []:
        if ((destination.get("resource") or {}).get("sqs") or {}).get("arn") == queue_arn:
            return destination["destinationId"]
    return None


def ensure_subscription(seller: SpApiClient, seller_id: str, destination_id: str) -> Subscription:
    """The seller's ORDER_CHANGE subscription: the one found (kept, whatever its destination), or a new
    one to the destination."""
    found = _subscription(seller)
    if found is not None:
        return Subscription(seller_id, found["subscriptionId"], found["destinationId"], KEPT)
    try:
        payload = seller.create_subscription(ORDER_CHANGE, destination_id, ORDER_CHANGE_PAYLOAD_VERSION)
    except SpApiError as error:
        found = _subscription(seller) if error.status == 409 else None
        if found is None:
            raise
        return Subscription(seller_id, found["subscriptionId"], found["destinationId"], KEPT)
    created = payload.body["payload"]
    return Subscription(seller_id, created["subscriptionId"], created["destinationId"], CREATED)


def _subscription(seller: SpApiClient) -> dict[str, Any] | None:
    try:
        return seller.get_subscription(ORDER_CHANGE).body.get("payload") or None
    except SpApiError as error:
        if error.status == 404:
            return None
        raise


def setup(queue_arn: str, destination_name: str, sellers: list[str] | None = None) -> list[str]:
    """The destination and every seller's subscription (the connection's sellers, or those named);
    returns what was done, a line each."""
    from amazon_orders import connections

    destination = ensure_destination(connections.notifications_client(None), destination_name, queue_arn)
    lines = [f"destination {destination.destination_id} ({queue_arn}) {destination.outcome}"]
    for seller_id in sellers or connections.authorised_sellers():
        client = connections.notifications_client(seller_id)
        lines.append(
            ensure_subscription(client, seller_id, destination.destination_id).line(
                destination.destination_id
            )
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m amazon_orders.notifications", description=__doc__.split("\n")[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser(
        "setup", help="create or keep the destination and the ORDER_CHANGE subscriptions"
    )
    command.add_argument(
        "--queue-arn", required=True, help="the SQS queue's ARN (arn:aws:sqs:region:account:name)"
    )
    command.add_argument(
        "--destination-name", default=DEFAULT_DESTINATION_NAME, help="a new destination's name"
    )
    command.add_argument(
        "--seller",
        action="append",
        dest="sellers",
        help="subscribe this seller (repeatable); default: every seller of the amazon_sp_api connection",
    )
    args = parser.parse_args(argv)
    try:
        lines = setup(args.queue_arn, args.destination_name, args.sellers)
    except (SpApiError, KeyError) as error:
        print(f"setup failed: {error}", file=sys.stderr)
        return 1
    for line in lines:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
