"""The notifications setup on the simulator's Notifications API: a destination for the queue and each
seller's ORDER_CHANGE subscription, created once; a second run finds and keeps them."""

from __future__ import annotations

import pytest

from amazon_orders import notifications
from amazon_orders.connections import notifications_client
from amazon_orders.sp_api import SpApiError
from amazon_orders.sp_api.model import ORDER_CHANGE
from tests.sp_api.seller_account import SELLER

pytestmark = pytest.mark.usefixtures("sp_api_connection")


def test_setup_creates_then_keeps(queue, capsys):
    assert notifications.main(["setup", "--queue-arn", queue.arn]) == 0
    first = capsys.readouterr().out.splitlines()
    assert first[0].startswith("destination ") and first[0].endswith(f"({queue.arn}) created")
    assert first[1].startswith(f"seller {SELLER}: ORDER_CHANGE subscription ") and first[1].endswith(
        " created"
    )

    assert notifications.main(["setup", "--queue-arn", queue.arn]) == 0
    second = capsys.readouterr().out.splitlines()
    assert second == [line.replace(" created", " kept") for line in first]

    grantless = notifications_client(None)
    [destination] = grantless.get_destinations().body["payload"]
    assert destination["resource"] == {"sqs": {"arn": queue.arn}}
    subscription = notifications_client(SELLER).get_subscription(ORDER_CHANGE).body["payload"]
    assert subscription["destinationId"] == destination["destinationId"]
    assert subscription["payloadVersion"] == "1.0"


def test_amazon_answers_409_for_a_second_subscription(queue):
    [_, line] = notifications.setup(queue.arn, "amazon-orders")
    destination_id = notifications_client(None).get_destinations().body["payload"][0]["destinationId"]
    seller = notifications_client(SELLER)
    with pytest.raises(SpApiError) as refused:
        seller.create_subscription(ORDER_CHANGE, destination_id, "1.0")
    assert refused.value.status == 409
    # ... which the setup reads as "found": kept.
    kept = notifications.ensure_subscription(seller, SELLER, destination_id)
    assert kept.outcome == notifications.KEPT and kept.subscription_id in line


def test_destinations_need_a_grantless_token():
    with pytest.raises(SpApiError) as refused:
        notifications_client(SELLER).get_destinations()
    assert refused.value.status == 403


def test_no_subscription_is_a_404():
    with pytest.raises(SpApiError) as missing:
        notifications_client(SELLER).get_subscription(ORDER_CHANGE)
    assert missing.value.status == 404
