"""The Airflow Assets the DAGs update, so that analysts' DAGs (revenue marts, stock forecasts)
can be scheduled on new Commerce orders instead of on the clock.

An event is emitted by a store's task only when there is something new, with counts in its
`extra` (store, run, how many), never buyer data.
"""

from __future__ import annotations

from airflow.sdk import Asset

# Commerce orders created by the import (one event per store and run that created some).
COMMERCE_ORDERS_CREATED = Asset(
    name="commerce_orders_created", uri="amazon-orders://commerce/sales_order/created", group="amazon_orders"
)
# Commerce orders whose status the reconciliation changed (canceled, complete), or whose lines
# Amazon canceled in part (their quantities and totals changed).
COMMERCE_ORDER_STATUSES = Asset(
    name="commerce_order_statuses", uri="amazon-orders://commerce/sales_order/status", group="amazon_orders"
)
# Amazon's ORDER_CHANGE notifications (issue 22): an event per batch of SQS messages the queue's
# watcher received (see order_changes).
ORDER_CHANGES_NAME = "amazon_order_changes"
ORDER_CHANGES_URI = "amazon-orders://amazon/order_change"


def order_changes() -> Asset:
    """The ORDER_CHANGE queue's Asset, watched on the triggerer when a queue is configured (the
    setting AMAZON_ORDERS_NOTIFICATIONS_QUEUE_URL, read through the AWS connection
    amazon_notifications_aws). The messaging provider is imported here only: the other DAGs' files
    stay light."""
    from amazon_orders.settings import (
        NOTIFICATIONS_AWS_CONN_ID,
        NOTIFICATIONS_POLL_SECONDS,
        NOTIFICATIONS_QUEUE_URL,
    )

    watchers = []
    if NOTIFICATIONS_QUEUE_URL:
        from airflow.providers.common.messaging.triggers.msg_queue import MessageQueueTrigger
        from airflow.sdk import AssetWatcher

        trigger = MessageQueueTrigger(
            scheme="sqs",
            sqs_queue=NOTIFICATIONS_QUEUE_URL,
            aws_conn_id=NOTIFICATIONS_AWS_CONN_ID,
            max_messages=10,
            waiter_delay=NOTIFICATIONS_POLL_SECONDS,
        )
        watchers = [AssetWatcher(name="amazon_order_change_queue", trigger=trigger)]
    return Asset(name=ORDER_CHANGES_NAME, uri=ORDER_CHANGES_URI, group="amazon_orders", watchers=watchers)


# The reconciliation's counts that are changes of Commerce orders' status or lines.
STATUS_CHANGE_COUNTS = ("canceled", "completed", "items_canceled")
