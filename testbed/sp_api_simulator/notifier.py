"""ORDER_CHANGE notifications: destinations, subscriptions, and their delivery to SQS queues.

When an order is created, changes status, has a line canceled, or its buyer asks to cancel, every
subscription of its seller to ORDER_CHANGE gets a message in its destination's queue, shaped as
Amazon's OrderChangeNotification schema, `delay` after the change (real seconds, on a thread of its
own) and now and then twice (a seeded share: Amazon delivers at least once). The queue is found
from the destination's ARN on the SQS endpoint the simulator is told (`--sqs-endpoint`); without
one, nothing is sent. A test may drop the next notifications on purpose (`drop_next`).
"""

from __future__ import annotations

import json
import logging
import random
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from amazon_orders.sp_api.model import ORDER_CHANGE, ORDER_CHANGE_PAYLOAD_VERSION
from amazon_orders.sp_api.model.timestamps import format_amazon_time

log = logging.getLogger(__name__)

# OrderChangeType values (the schema's enum) and Amazon's ChangeReason texts.
STATUS_CHANGE, BUYER_REQUESTED_CHANGE = "OrderStatusChange", "BuyerRequestedChange"
BUYER_REQUESTED_CANCEL = "Buyer Requested Cancel"
# moto's (and the AWS examples') credentials: the local server checks none.
LOCAL_AWS_CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


@dataclass(frozen=True)
class Destination:
    destination_id: str
    name: str
    arn: str


@dataclass(frozen=True)
class Subscription:
    subscription_id: str
    destination_id: str
    payload_version: str


@dataclass
class Notifier:
    sqs_endpoint: str | None = None
    delay_seconds: float = 0.0
    duplicate_share: float = 0.0
    seed: int = 0
    # by application (the LWA client id), then destination id
    destinations: dict[str, dict[str, Destination]] = field(default_factory=dict)
    # by (seller, application, notification type)
    subscriptions: dict[tuple[str, str, str], Subscription] = field(default_factory=dict)
    drop_next: int = 0
    sent: int = 0
    duplicated: int = 0
    dropped: int = 0
    _random: random.Random = field(init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)

    def create_destination(self, application: str, name: str, arn: str) -> Destination | None:
        """A new destination; None when the application has one for this ARN already (409)."""
        mine = self.destinations.setdefault(application, {})
        if any(d.arn == arn for d in mine.values()):
            return None
        destination = Destination(str(uuid.uuid4()), name, arn)
        mine[destination.destination_id] = destination
        return destination

    def subscribe(
        self, seller_id: str, application: str, notification_type: str, destination_id: str, version: str
    ) -> Subscription | None:
        """A new subscription; None when the seller has one of the type for the application (409)."""
        key = (seller_id, application, notification_type)
        if key in self.subscriptions:
            return None
        subscription = Subscription(str(uuid.uuid4()), destination_id, version)
        self.subscriptions[key] = subscription
        return subscription

    def order_changed(
        self,
        seller_id: str,
        order: dict[str, Any],
        items: list[dict[str, Any]],
        kind: str,
        reason: str,
        now: datetime,
    ) -> None:
        """One ORDER_CHANGE per subscription of the seller (none without an SQS endpoint)."""
        if self.sqs_endpoint is None:
            return
        for (seller, application, notification_type), subscription in list(self.subscriptions.items()):
            if seller != seller_id or notification_type != ORDER_CHANGE:
                continue
            destination = self.destinations.get(application, {}).get(subscription.destination_id)
            if destination is None:
                continue
            body = order_change(seller_id, order, items, kind, reason, now, application, subscription)
            with self._lock:
                if self.drop_next > 0:
                    self.drop_next -= 1
                    self.dropped += 1
                    log.info(
                        "ORDER_CHANGE %s dropped on purpose", body["NotificationMetadata"]["NotificationId"]
                    )
                    continue
                copies = 2 if self._random.random() < self.duplicate_share else 1
                self.duplicated += copies - 1
            text = json.dumps(body)
            for _ in range(copies):
                timer = threading.Timer(self.delay_seconds, self._send, (destination.arn, text))
                timer.daemon = True
                timer.start()

    def _send(self, arn: str, body: str) -> None:
        import boto3

        _, _, _, region, account, name = arn.split(":", 5)
        try:
            sqs = boto3.client(
                "sqs", endpoint_url=self.sqs_endpoint, region_name=region, **LOCAL_AWS_CREDENTIALS
            )
            url = sqs.get_queue_url(QueueName=name, QueueOwnerAWSAccountId=account)["QueueUrl"]
            sqs.send_message(QueueUrl=url, MessageBody=body)
        except Exception:  # a queue gone is Amazon's loss too: the notification is lost
            log.exception("ORDER_CHANGE to %s could not be sent", arn)
            return
        with self._lock:
            self.sent += 1

    def stats(self) -> dict[str, int]:
        with self._lock:
            return {"sent": self.sent, "duplicated": self.duplicated, "dropped": self.dropped}


def order_change(
    seller_id: str,
    order: dict[str, Any],
    items: list[dict[str, Any]],
    kind: str,
    reason: str,
    now: datetime,
    application: str,
    subscription: Subscription,
) -> dict[str, Any]:
    """The notification of a v0 Order and its items, as Amazon's OrderChangeNotification schema has it."""
    published = format_amazon_time(now)
    summary: dict[str, Any] = {
        "MarketplaceId": order["MarketplaceId"],
        "OrderStatus": order["OrderStatus"],
        "PurchaseDate": order.get("PurchaseDate"),
        "DestinationPostalCode": (order.get("ShippingAddress") or {}).get("PostalCode"),
        "FulfillmentType": order.get("FulfillmentChannel") or "MFN",
        "OrderType": order.get("OrderType") or "StandardOrder",
        "NumberOfItemsShipped": int(order.get("NumberOfItemsShipped") or 0),
        "NumberOfItemsUnshipped": int(order.get("NumberOfItemsUnshipped") or 0),
        "OrderItems": [_item(i) for i in items],
    }
    for name in ("EarliestShipDate", "LatestShipDate", "EarliestDeliveryDate", "LatestDeliveryDate"):
        if order.get(name):
            summary[name] = order[name]
    return {
        "NotificationVersion": "1.0",
        "NotificationType": ORDER_CHANGE,
        "PayloadVersion": ORDER_CHANGE_PAYLOAD_VERSION,
        "EventTime": published,
        "Payload": {
            "OrderChangeNotification": {
                "NotificationLevel": "OrderLevel",
                "SellerId": seller_id,
                "AmazonOrderId": order["AmazonOrderId"],
                "OrderChangeType": kind,
                "OrderChangeTrigger": {
                    "TimeOfOrderChange": order.get("LastUpdateDate"),
                    "ChangeReason": reason,
                },
                "Summary": summary,
            }
        },
        "NotificationMetadata": {
            "ApplicationId": application or "amzn1.sp.solution.simulator",
            "SubscriptionId": subscription.subscription_id,
            "PublishTime": published,
            "NotificationId": str(uuid.uuid4()),
        },
    }


def _item(item: dict[str, Any]) -> dict[str, Any]:
    asked = item.get("BuyerRequestedCancel") or {}
    return {
        "OrderItemId": item["OrderItemId"],
        "SellerSKU": item.get("SellerSKU") or "",
        "SupplySourceId": None,
        "Quantity": int(item.get("QuantityOrdered") or 0),
        "QuantityShipped": int(item.get("QuantityShipped") or 0),
        "IsBuyerRequestedCancel": str(asked.get("IsBuyerRequestedCancel")).lower() == "true",
    }


def buyer_asked_to_cancel(before: list[dict[str, Any]] | None, after: list[dict[str, Any]]) -> bool:
    """A line's buyer asked to cancel it in `after` and had not in `before`."""

    def asked(items: list[dict[str, Any]] | None) -> set[str]:
        return {
            i["OrderItemId"]
            for i in items or []
            if str((i.get("BuyerRequestedCancel") or {}).get("IsBuyerRequestedCancel")).lower() == "true"
        }

    return bool(asked(after) - asked(before))
