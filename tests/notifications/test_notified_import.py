"""The notifications DAG in-process, on notifications the simulator sent through a real (moto) SQS
queue: an order notified is imported at once (no two-minute rule, no poll); a second copy of a
notification is kept once and imports nothing again; a notification older than the stored copy is
dropped without a call to Amazon; a notification lost on purpose is imported by the next poll; the
poll never creates a notified order twice."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest

from amazon_orders import notifications
from amazon_orders.assets import order_changes
from amazon_orders.settings import IMPORT_DAG_ID, NOTIFICATIONS_DAG_ID
from tests import views
from tests.worlds import listing, order, product, world

SELLER = "A2SELLERUS"


@dataclass
class _Event:
    """An asset event as a task reads it: the SQS trigger's payload in `extra`."""

    extra: dict[str, Any] = field(default_factory=dict)


def _receive(sqs, queue, expected: int, timeout: float = 10) -> list[dict]:
    """The raw SQS messages (MessageId, Body, ...) as the SQS trigger hands them over."""
    import time

    client, found = sqs.client(), []
    deadline = time.monotonic() + timeout
    while len(found) < expected and time.monotonic() < deadline:
        answer = client.receive_message(QueueUrl=queue.url, MaxNumberOfMessages=10, WaitTimeSeconds=1)
        for message in answer.get("Messages", []):
            client.delete_message(QueueUrl=queue.url, ReceiptHandle=message["ReceiptHandle"])
            found.append(message)
    return found


def _events(messages: list[dict]) -> dict:
    batch = {"from_trigger": True, "payload": {"status": "success", "message_batch": messages}}
    return {order_changes(): [_Event(batch)]}


def _notified_run(runner, messages: list[dict], run_id: str) -> None:
    runner.dags.dags_test(NOTIFICATIONS_DAG_ID, dag_run_id=run_id, triggering_asset_events=_events(messages))


def _commerce_orders(conn) -> dict[str, int]:
    rows = views.query(
        conn,
        'SELECT amazon_order_id, commerce_order_id FROM amazon."order" WHERE commerce_order_id IS NOT NULL',
    )
    return {r["amazon_order_id"]: r["commerce_order_id"] for r in rows}


def _outcomes(conn) -> list[tuple[str, str]]:
    rows = views.query(conn, "SELECT amazon_order_id, outcome FROM amazon.order_notification ORDER BY 1, 2")
    return [(r["amazon_order_id"], r["outcome"]) for r in rows]


@pytest.fixture
def subscribed(play, queue, monkeypatch):
    """The world loaded (nothing imported yet), the seller subscribed to ORDER_CHANGE into the queue."""

    def _subscribed(*orders: dict):
        document = world(*orders, catalog=[product("MUG")], listings=[listing("MUG")], steps=[])
        runner = play(document)
        monkeypatch.setenv("AIRFLOW_CONN_AMAZON_SP_API", json.dumps(runner.sp_api))
        notifications.setup(queue.arn, "amazon-orders")
        monkeypatch.delenv("AIRFLOW_CONN_AMAZON_SP_API")
        return runner

    return _subscribed


def _put(runner, number: int) -> str:
    document = order(number, ("AMZ-MUG", 1), purchased="2026-11-20T11:59:00Z")
    runner.sim.put_order(SELLER, document["order"], document["items"])
    return document["order"]["AmazonOrderId"]


def test_a_notified_order_is_imported_once_however_often_notified(subscribed, sqs, queue, conn):
    runner = subscribed()
    runner.sim.notifications(duplicate_share=1.0)  # every notification comes twice
    order_id = _put(runner, 2)
    messages = _receive(sqs, queue, 2)
    assert (
        len(messages) == 2
        and len({json.loads(m["Body"])["NotificationMetadata"]["NotificationId"] for m in messages}) == 1
    )

    getorders_before = runner.sim.calls().get("getOrder.2026-01-01", 0)
    _notified_run(runner, messages, "notified__1")
    assert order_id in _commerce_orders(conn)
    assert _outcomes(conn) == [(order_id, "fetched")]
    assert runner.sim.calls().get("getOrder.2026-01-01", 0) == getorders_before + 1
    [counts] = views.query(conn, "SELECT counts FROM amazon.import_run WHERE run_key = 'notified__1/store-1'")
    assert counts["counts"]["imported"] == 1 and counts["counts"]["fetched"] == 1

    # Amazon delivers the same notification again: kept once, nothing fetched or created again.
    _notified_run(runner, messages[:1], "notified__2")
    assert _outcomes(conn) == [(order_id, "fetched")]
    assert runner.sim.calls().get("getOrder.2026-01-01", 0) == getorders_before + 1

    # The poll finds the order stored and imported: no second Commerce order.
    created = _commerce_orders(conn)[order_id]
    runner.sync(IMPORT_DAG_ID)
    assert _commerce_orders(conn)[order_id] == created
    assert views.query(conn, "SELECT count(*) AS n FROM commerce.sales_order")[0]["n"] == len(
        _commerce_orders(conn)
    )


def test_a_notification_older_than_the_stored_copy_is_dropped(subscribed, sqs, queue, conn):
    runner = subscribed()
    order_id = _put(runner, 3)
    [created] = _receive(sqs, queue, 1)
    runner.sim.advance(60)
    runner.sim.set_status(order_id, "Canceled")
    [canceled] = _receive(sqs, queue, 1)
    runner.sync(IMPORT_DAG_ID)  # the poll stores the order as canceled
    assert views.grid(conn)[order_id]["amazon_status"] == "Canceled"

    calls = runner.sim.calls().get("getOrder.2026-01-01", 0)
    _notified_run(runner, [created, canceled], "notified__old")
    assert _outcomes(conn) == [(order_id, "stale"), (order_id, "stale")]
    assert runner.sim.calls().get("getOrder.2026-01-01", 0) == calls
    assert order_id not in _commerce_orders(conn)


def test_a_lost_notification_is_imported_by_the_next_poll(subscribed, sqs, queue, conn):
    runner = subscribed()
    runner.sim.notifications(drop_next=1)
    order_id = _put(runner, 4)
    assert _receive(sqs, queue, 1, timeout=3) == []
    assert runner.sim.notifications()["dropped"] == 1
    runner.sync(IMPORT_DAG_ID)
    assert order_id in _commerce_orders(conn)
    assert _outcomes(conn) == []


def test_an_unknown_seller_or_malformed_message_imports_nothing(subscribed, conn):
    runner = subscribed()
    body = {
        "NotificationType": "ORDER_CHANGE",
        "Payload": {
            "OrderChangeNotification": {
                "SellerId": "A0OTHERSELLER",
                "AmazonOrderId": "111-0000009-0000009",
                "Summary": {"MarketplaceId": "ATVPDKIKX0DER"},
                "OrderChangeTrigger": {"TimeOfOrderChange": "2026-11-20T11:00:00Z"},
            }
        },
        "NotificationMetadata": {"NotificationId": "n-1", "PublishTime": "2026-11-20T11:00:01Z"},
    }
    messages = [{"MessageId": "m-1", "Body": json.dumps(body)}, {"MessageId": "m-2", "Body": "not json"}]
    _notified_run(runner, messages, "notified__odd")
    assert _outcomes(conn) == [("111-0000009-0000009", "unknown_store")]
    assert _commerce_orders(conn) == {}
