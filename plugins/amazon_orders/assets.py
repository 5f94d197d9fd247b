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
# The reconciliation's counts that are changes of Commerce orders' status or lines.
STATUS_CHANGE_COUNTS = ("canceled", "completed", "items_canceled")
