"""A sold item outlives its product, as in Magento: deleting a product from the catalog keeps
the orders' lines with the product's id, SKU and name."""

from __future__ import annotations

from tests.views import execute, query
from tests.worlds import IMPORT, listing, order, product, world


def test_deleting_a_sold_product_keeps_its_order_lines(play, conn):
    play(world(order(1, ("AMZ-MUG", 2)), catalog=[product("MUG")], listings=[listing("MUG")], steps=[IMPORT]))
    sold = query(conn, "SELECT product_id, sku, name, qty_ordered FROM commerce.sales_order_item")
    assert [(r["sku"], r["qty_ordered"]) for r in sold] == [("MUG", 2)]
    execute(conn, "DELETE FROM commerce.inventory_source_item WHERE sku = 'MUG'")
    execute(conn, "DELETE FROM commerce.catalog_product_entity WHERE sku = 'MUG'")
    assert query(conn, "SELECT product_id, sku, name, qty_ordered FROM commerce.sales_order_item") == sold
