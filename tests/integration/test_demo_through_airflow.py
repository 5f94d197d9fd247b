"""The built-in demo scenario through real `airflow dags test` runs, against Postgres and the
simulator over HTTP; then every DAG again, which must change nothing."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from amazon_orders.sp_api.model import LWA_TOKEN_PATH
from local_harness import summary
from local_harness.environment import DEMO_SCENARIO
from local_harness.scenario import load_scenario
from local_harness.scenario.runner import ScenarioRunner
from tests.views import blockers, canceled_shipped, counts, grid, query, salable

pytestmark = pytest.mark.dagrun


@pytest.fixture(scope="module")
def airflow_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("airflow")


def test_demo_scenario(db_url, sim_url, conn, airflow_home):
    runner = ScenarioRunner(
        load_scenario(DEMO_SCENARIO), db_url, sim_url, sim_url + LWA_TOKEN_PATH, airflow_home=airflow_home
    )
    runner.play()
    rows = grid(conn)
    expected = {  # amazon order: (grid status, Commerce status)
        # pending, then Unshipped; one mug shipped, Amazon cancels the other: Shipped, complete
        "111-0000001-0000001": ("Completed", "complete"),
        "111-0000002-0000002": ("Unshipped", "processing"),  # not in catalog, matched, imported
        "111-0000003-0000003": ("Canceled", "canceled"),  # disabled, enabled, imported, canceled
        "111-0000004-0000004": ("Completed", "complete"),  # shipped, confirmed, Shipped, complete
        "111-0000005-0000005": ("Unshipped", "processing"),  # out of stock, restocked, imported
        "111-0000006-0000006": ("Error", None),  # invalid data stays blocked
        "111-0000007-0000007": ("Completed", "complete"),  # Amazon-fulfilled
        "111-0000008-0000008": ("Unshipped", None),  # before integration
        "111-0000009-0000009": ("Canceled", None),  # canceled before import
        "111-0000010-0000010": ("Completed", "complete"),  # Pending to complete, every transition
        "111-0000011-0000011": ("Unshipped", "processing"),  # sales tax, shipping, a promotion
        "203-0000001-0000001": ("Unshipped", "processing"),
        "203-0000002-0000002": ("Error", None),
        "702-0000001-0000001": ("Unshipped", None),  # import disabled
    }
    assert {k: (r["status"], r["commerce_status"]) for k, r in rows.items()} == expected
    assert rows["203-0000001-0000001"]["commerce_order_number"] == "203-0000001-0000001"
    assert blockers(conn) == {
        "111-0000006-0000006": {"INVALID_ORDER_DATA"},
        "203-0000002-0000002": {"NOT_IN_CATALOG"},
    }
    assert [m["text"] for m in query(conn, "SELECT text FROM amazon.system_messages")] == [
        "Your Amazon store(s) has orders that cannot be imported into Commerce. "
        "See Recent Orders in the store dashboard(s): UK Store, US Store"
    ]
    assert (
        salable(conn, "MUG-RED"),
        salable(conn, "KETTLE"),
        salable(conn, "TEE-BLU"),
        salable(conn, "LAMP-1"),
    ) == (9, 3, 20, 2)  # the mug Amazon canceled is on sale again
    assert salable(conn, "MUG-RED", stock_id=uk_stock(conn)) == 2  # the UK order took from the UK stock
    [canceled] = query(
        conn,
        """SELECT i.qty_ordered, i.qty_shipped, i.qty_canceled, so.total_canceled
           FROM commerce.sales_order_item i JOIN commerce.sales_order so ON so.entity_id = i.order_id
           WHERE so.ext_order_id = '111-0000001-0000001'""",
    )
    assert (canceled["qty_ordered"], canceled["qty_shipped"], canceled["qty_canceled"]) == (2, 1, 1)
    assert canceled["total_canceled"] == Decimal("12.50")
    assert canceled_shipped(conn) == []
    assert len(runner.sim.confirmations()) == 3
    history = query(
        conn,
        "SELECT to_status FROM amazon.order_status_change "
        "WHERE amazon_order_id = '111-0000010-0000010' ORDER BY change_id",
    )
    assert [h["to_status"] for h in history] == ["Pending", "Unshipped", "Shipped"]

    assert_the_money(conn)

    logs = "".join(path.read_text(errors="replace") for path in (airflow_home / "runs").glob("*.log"))
    assert "imported" in logs
    for private in (
        "Ada Lovelace",
        "3nbd4k2mzx9example",
        "St James's Square",
        "SW1Y 4JH",
        runner.sp_api["password"],
        *runner.sp_api["extra"]["refresh_tokens"].values(),
    ):
        assert private not in logs  # buyer data and credentials never reach the task logs

    before = counts(conn)
    runner.sync("amazon_order_import")
    runner.sync("amazon_order_reconciliation")
    assert counts(conn) == before
    assert len(runner.sim.confirmations()) == 3
    assert {k: (r["status"], r["commerce_status"]) for k, r in grid(conn).items()} == expected


def uk_stock(conn) -> int:
    return query(conn, "SELECT stock_id FROM commerce.inventory_stock WHERE name = 'uk_stock'")[0]["stock_id"]


def assert_the_money(conn) -> None:
    """Every Commerce order the demo creates adds up and equals Amazon's order total; the US order
    has its tax, shipping and promotion, the UK one its base amounts in dollars, the
    Amazon-fulfilled one its invoice and shipment; the summary prints the revenue by store."""
    orders = {
        r["ext_order_id"]: r
        for r in query(
            conn,
            """SELECT so.ext_order_id, so.subtotal, so.shipping_amount, so.tax_amount, so.discount_amount,
                      so.gw_items_price, so.cod_fee, so.grand_total, so.order_currency_code,
                      so.base_currency_code, so.base_to_order_rate, so.base_grand_total, so.total_invoiced,
                      so.discount_description, o.order_total,
                      (SELECT count(*) FROM commerce.sales_invoice i
                       WHERE i.order_id = so.entity_id) AS invoices,
                      (SELECT count(*) FROM commerce.sales_shipment s
                       WHERE s.order_id = so.entity_id) AS shipments
               FROM commerce.sales_order so JOIN amazon."order" o ON o.commerce_order_id = so.entity_id""",
        )
    }
    for amazon_order_id, o in orders.items():
        parts = o["subtotal"] + o["shipping_amount"] + o["tax_amount"] + o["discount_amount"]
        assert parts + o["gw_items_price"] + o["cod_fee"] == o["grand_total"] == o["order_total"], (
            amazon_order_id
        )
        assert o["base_currency_code"] == "USD", amazon_order_id
    us = orders["111-0000011-0000011"]
    assert (us["subtotal"], us["shipping_amount"], us["grand_total"]) == (
        Decimal("56.00"),
        Decimal("5.99"),
        Decimal("61.77"),
    )
    assert us["discount_amount"] < 0 < us["tax_amount"]
    assert us["discount_description"] == "SAVE10"
    uk = orders["203-0000001-0000001"]
    assert (uk["order_currency_code"], uk["grand_total"]) == ("GBP", Decimal("13.99"))
    assert (uk["base_to_order_rate"], uk["base_grand_total"]) == (Decimal("0.80"), Decimal("17.4875"))
    fba = orders["111-0000007-0000007"]
    assert (fba["grand_total"], fba["total_invoiced"]) == (Decimal("13.50"), Decimal("13.50"))
    assert (fba["invoices"], fba["shipments"]) == (1, 1)
    printed = summary.render(conn).split("Revenue by store in the base currency")[1].splitlines()
    assert printed[2].split() == ["UK", "Store", "1", "17.4875", "USD"]
    assert printed[3].split()[:2] == ["US", "Store"] and printed[3].split()[-1] == "USD"
