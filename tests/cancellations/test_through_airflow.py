"""Item cancellations through real `airflow dags test` runs: Amazon cancels a unit of an imported
order, the reconciliation DAG cancels it in Commerce, releases it once and ships only the rest."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.views import canceled_shipped, query, salable, stock_breaks
from tests.worlds import IMPORT, RECONCILE

from .checks import ITEMS, open_quantity_breaks, shelf
from .test_item_cancellations import LAMP, MUGS, ORDER, cancel, shop

pytestmark = pytest.mark.dagrun


def test_a_canceled_unit_through_the_dags(play, conn):
    shipped = {"amazon_status": {"order": ORDER, "status": "Shipped"}}
    play(shop(IMPORT, cancel(MUGS, 1), cancel(LAMP, 1), shipped, RECONCILE), in_process=False)
    assert query(conn, ITEMS) == [
        {"sku": "LAMP", "qty_ordered": 1, "qty_shipped": 0, "qty_canceled": 1},
        {"sku": "MUG", "qty_ordered": 3, "qty_shipped": 2, "qty_canceled": 1},
    ]
    [order] = query(conn, "SELECT status, total_canceled FROM commerce.sales_order")
    assert order == {"status": "complete", "total_canceled": Decimal("19.74")}  # 9.74 + the lamp's 10.00
    assert shelf(conn) == {"LAMP": 5, "MUG": 8}
    assert salable(conn, "MUG") == 8 and salable(conn, "LAMP") == 5
    assert canceled_shipped(conn) == [] and open_quantity_breaks(conn) == [] and stock_breaks(conn) == []
