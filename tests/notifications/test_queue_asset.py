"""The queue's Asset: watched through MessageQueueTrigger(scheme="sqs") when a queue is configured, not
watched otherwise (the notifications DAG then never starts)."""

from __future__ import annotations

from amazon_orders import assets, settings


def test_a_configured_queue_is_watched_on_sqs(monkeypatch):
    url = "https://sqs.us-east-1.amazonaws.com/111122223333/amazon-order-changes"
    monkeypatch.setattr(settings, "NOTIFICATIONS_QUEUE_URL", url)
    [watcher] = assets.order_changes().watchers
    assert watcher.trigger.scheme == "sqs"
    assert watcher.trigger.kwargs["sqs_queue"] == url
    assert (
        watcher.trigger.kwargs["aws_conn_id"]
        == settings.NOTIFICATIONS_AWS_CONN_ID
        == "amazon_notifications_aws"
    )
    classpath, kwargs = watcher.trigger.serialize()
    assert classpath.endswith("SqsSensorTrigger") and kwargs["sqs_queue"] == url


def test_no_queue_no_watcher(monkeypatch):
    monkeypatch.setattr(settings, "NOTIFICATIONS_QUEUE_URL", None)
    asset = assets.order_changes()
    assert asset.watchers == [] and asset.name == assets.ORDER_CHANGES_NAME
