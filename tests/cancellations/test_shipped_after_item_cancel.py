"""The bug of issue 20: Amazon cancels one line of an imported merchant-fulfilled order, then
reports the order Shipped; reconciliation recorded a shipment of every open line, the canceled
one too, and took it off the shelf."""

from __future__ import annotations

import copy

from amazon_orders.settings import RECONCILIATION_DAG_ID
from amazon_orders.sp_api.model.timestamps import format_amazon_time
from tests.views import canceled_shipped, query
from tests.worlds import IMPORT, listing, money, order, product, world

ITEMS = """SELECT i.sku, i.qty_ordered, i.qty_shipped, i.qty_canceled
           FROM commerce.sales_order_item i ORDER BY i.sku"""
SHELF = "SELECT sku, quantity FROM commerce.inventory_source_item ORDER BY sku"
SHIPPED = """SELECT si.sku, sum(si.qty) AS qty FROM commerce.sales_shipment_item si GROUP BY si.sku
             ORDER BY si.sku"""


def test_a_line_amazon_canceled_is_neither_shipped_nor_deducted_when_amazon_says_shipped(play, conn):
    document = world(
        order(1, ("AMZ-MUG", 2), ("AMZ-LAMP", 1)),
        catalog=[product("MUG", qty=5), product("LAMP", qty=5)],
        listings=[listing("MUG"), listing("LAMP")],
        steps=[IMPORT],
    )
    runner = play(document)
    # Amazon cancels the lamp and ships the mugs outside Commerce: v0 answers lower the lamp's
    # QuantityOrdered to 0, its money with it, and say Shipped.
    placed = document["orders"][0]
    items = copy.deepcopy(placed["items"])
    items[1].update(QuantityOrdered=0, ItemPrice=money("0.00"))
    items[0].update(QuantityShipped=2)
    now = format_amazon_time(runner.sim.now())
    shipped = {**placed["order"], "OrderStatus": "Shipped", "LastUpdateDate": now}
    runner.sim.put_order("A2SELLERUS", {**shipped, "OrderTotal": money("20.00")}, items)
    runner.sync(RECONCILIATION_DAG_ID)

    assert query(conn, ITEMS) == [
        {"sku": "LAMP", "qty_ordered": 1, "qty_shipped": 0, "qty_canceled": 1},
        {"sku": "MUG", "qty_ordered": 2, "qty_shipped": 2, "qty_canceled": 0},
    ]
    assert query(conn, SHIPPED) == [{"sku": "MUG", "qty": 2}]
    assert query(conn, SHELF) == [{"sku": "LAMP", "quantity": 5}, {"sku": "MUG", "quantity": 3}]
    [commerce] = query(conn, "SELECT status FROM commerce.sales_order")
    assert commerce["status"] == "complete"
    assert canceled_shipped(conn) == []
