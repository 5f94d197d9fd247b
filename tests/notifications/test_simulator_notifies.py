"""The simulator sends an ORDER_CHANGE per change to the subscribed queue on a real (local) SQS
server, each as Amazon's OrderChangeNotification schema has it; now and then twice; lost on purpose
when a test says so."""

from __future__ import annotations

import copy
from datetime import timedelta

import jsonschema
import pytest

from amazon_orders import notifications
from amazon_orders.sp_api.model import order_change_schema
from sp_api_simulator.sample_orders import sample_order
from tests.notifications.conftest import notification_ids, order_changes
from tests.sp_api.seller_account import NOW, SELLER

pytestmark = pytest.mark.usefixtures("sp_api_connection")


def _change(message: dict) -> dict:
    return message["Payload"]["OrderChangeNotification"]


def test_a_notification_per_change(sqs, queue, control):
    notifications.setup(queue.arn, "amazon-orders")
    sample = sample_order(1, NOW - timedelta(minutes=5), item_quantities=(2, 1))
    control.put_order(SELLER, sample.order, sample.items)
    [created] = order_changes(sqs, queue, 1)

    control.set_status(sample.order["AmazonOrderId"], "Shipped", NOW)
    [shipped] = order_changes(sqs, queue, 1)

    second = sample_order(2, NOW - timedelta(minutes=3))
    control.put_order(SELLER, second.order, second.items)
    [second_created] = order_changes(sqs, queue, 1)  # one at a time: a queue keeps no order
    asked = copy.deepcopy(second.items)
    asked[0]["BuyerRequestedCancel"] = {
        "IsBuyerRequestedCancel": "true",
        "BuyerCancelReason": "NoLongerNeeded",
    }
    control.put_order(SELLER, second.order, asked)
    [buyer_cancel] = order_changes(sqs, queue, 1)

    control.cancel_item(second.order["AmazonOrderId"], second.items[0]["OrderItemId"], 1)
    [item_canceled] = order_changes(sqs, queue, 1)

    messages = [created, shipped, second_created, buyer_cancel, item_canceled]
    for message in messages:
        jsonschema.validate(message, order_change_schema())
        assert message["NotificationType"] == "ORDER_CHANGE" and _change(message)["SellerId"] == SELLER
    assert len(set(notification_ids(messages))) == 5
    assert _change(created)["AmazonOrderId"] == sample.order["AmazonOrderId"]
    assert _change(created)["Summary"]["OrderStatus"] == "Unshipped"
    assert [i["Quantity"] for i in _change(created)["Summary"]["OrderItems"]] == [2, 1]
    assert _change(shipped)["Summary"]["OrderStatus"] == "Shipped"
    assert _change(shipped)["OrderChangeTrigger"]["TimeOfOrderChange"] == "2026-11-20T12:00:00Z"
    assert _change(buyer_cancel)["OrderChangeType"] == "BuyerRequestedChange"
    assert _change(buyer_cancel)["OrderChangeTrigger"]["ChangeReason"] == "Buyer Requested Cancel"
    assert _change(item_canceled)["AmazonOrderId"] == second.order["AmazonOrderId"]
    assert control.notifications()["sent"] == 5


def test_now_and_then_twice_and_lost_on_purpose(sqs, queue, control):
    notifications.setup(queue.arn, "amazon-orders")
    control.notifications(duplicate_share=1.0)
    sample = sample_order(1, NOW - timedelta(minutes=5))
    control.put_order(SELLER, sample.order, sample.items)
    twice = order_changes(sqs, queue, 2)
    assert len(twice) == 2 and len(set(notification_ids(twice))) == 1

    control.notifications(duplicate_share=0.0, drop_next=1)
    control.set_status(sample.order["AmazonOrderId"], "Canceled", NOW)
    assert order_changes(sqs, queue, 1, timeout=3) == []
    assert control.notifications()["dropped"] == 1


def test_no_subscription_no_notification(sqs, queue, control):
    sample = sample_order(1, NOW - timedelta(minutes=5))
    control.put_order(SELLER, sample.order, sample.items)
    assert order_changes(sqs, queue, 1, timeout=2) == []
