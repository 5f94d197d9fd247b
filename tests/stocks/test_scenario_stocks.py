"""Scenario files with stocks (DESIGN.md's `commerce.stocks`, catalog `sources`, `manage_stock`,
`backorders`, `set_stock.source`, `ship.source`): refused before anything is written when they
do not hold together, and played end to end through the harness when they do."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from local_harness.scenario import ScenarioError, load_scenario
from tests.stocks.stock_worlds import (
    EU_STOCK,
    UK_STORE,
    ledger_by_stock,
    shelf,
    shipment_sources,
    stock_id,
    stocked,
    two_stocks,
    uk_order,
    uk_store,
)
from tests.views import blockers, grid, order_document_breaks, query, salable, stock_breaks
from tests.worlds import IMPORT, RECONCILE, order, store

US_1, UK_3, UK_4 = "111-0000001-0000001", "111-0000003-0000003", "111-0000004-0000004"


def refusal(tmp_path: Path, document: dict) -> str:
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    return str(caught.value)


def base() -> dict:
    return two_stocks(
        order(1, ("AMZ-MUG", 1)), uk_order(3, ("AMZ-MUG", 1)), catalog=[stocked("MUG", qty=1)], steps=[]
    )


def with_stocks(*stocks: dict) -> dict:
    document = base()
    document["commerce"]["stocks"] = list(stocks)
    return document


def with_step(step: dict) -> dict:
    document = base()
    document["steps"] = [step]
    return document


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        (
            with_stocks(EU_STOCK, {"code": "eu_stock", "sources": ["de_warehouse"]}),
            "commerce.stocks[1].code: duplicate stock 'eu_stock'",
        ),
        (
            with_stocks({"code": "base", "sources": ["uk_warehouse"]}),
            "commerce.stocks[0].code: 'base' is the default stock's website; name the stock otherwise",
        ),
        (
            with_stocks(EU_STOCK, {"code": "ie_stock", "sources": ["uk_warehouse"]}),
            "commerce.stocks[1].sources[0]: source 'uk_warehouse' is in stock 'eu_stock' too; a source "
            "belongs to one stock",
        ),
        (
            with_stocks({"code": "eu_stock", "sources": ["uk_warehouse", "default"]}),
            "commerce.stocks[0].sources[1]: source 'default' is in stock 'default' too (it holds source "
            "default unless commerce.stocks lists it)",
        ),
        (
            with_stocks(EU_STOCK, {"code": "ie_stock", "sources": ["ie_warehouse"], "stores": [UK_STORE]}),
            "commerce.stocks[1].stores[0]: store 'UK Store' is in stock 'eu_stock' too; a store sells from "
            "one stock",
        ),
        (
            with_stocks({"code": "eu_stock", "sources": []}),
            "commerce.stocks[0].sources: [] should be non-empty",
        ),
        (
            with_stocks({"code": "EU", "sources": ["uk_warehouse"]}),
            "commerce.stocks[0].code: 'EU' does not match",
        ),
        (
            with_step({"set_stock": {"sku": "MUG", "qty": 3, "source": "de_warehouse"}}),
            "steps[0].set_stock.source: no stock has source 'de_warehouse' (commerce.stocks)",
        ),
        (
            with_step({"ship": {"order": US_1, "carrier": "UPS", "tracking": "1", "source": "uk_warehouse"}}),
            "steps[0].ship.source: source 'uk_warehouse' is not in stock 'default', which US Store (of order "
            "111-0000001-0000001) sells from",
        ),
        (
            with_step({"ship": {"order": UK_3, "carrier": "UPS", "tracking": "1", "source": "default"}}),
            "steps[0].ship.source: source 'default' is not in stock 'eu_stock'",
        ),
    ],
)
def test_stocks_that_do_not_hold_together_are_refused_naming_the_place(tmp_path, document, reason):
    assert reason in refusal(tmp_path, document)


def test_stores_on_one_store_view_in_two_stocks_are_refused(tmp_path):
    document = base()
    document["stores"] = [store(), uk_store(store_view="default")]
    assert refusal(tmp_path, document).endswith(
        "stores[1] (UK Store).store_view: store view 'default' is also US Store's, which sells from stock "
        "'default', not 'eu_stock'; a store view belongs to one website and a website sells from one stock: "
        "give UK Store a store_view of its own"
    )


def test_a_quantity_for_a_source_no_stock_has_is_refused(tmp_path):
    document = base()
    document["commerce"]["stocks"] = [{"code": "default", "sources": ["us_east"]}, EU_STOCK]
    assert "catalog[0].qty: qty is source default's quantity, and no stock has source default" in refusal(
        tmp_path, document
    )
    document["catalog"] = [stocked("MUG", sources={"us_east": 1})]
    document["steps"] = [{"set_stock": {"sku": "MUG", "qty": 3}}]
    assert (
        "steps[0].set_stock.sku: no stock has source 'default' (commerce.stocks); name the source"
        in refusal(tmp_path, document)
    )


def test_a_refused_world_writes_nothing(tmp_path, conn):
    document = with_stocks(EU_STOCK, {"code": "ie_stock", "sources": ["uk_warehouse"]})
    refusal(tmp_path, document)
    assert query(conn, "SELECT count(*) AS n FROM commerce.inventory_stock")[0]["n"] == 1


def test_two_stocks_played_end_to_end(play, conn):
    """The US store sells from the default stock (source default), the UK store from eu_stock (a UK
    and an Irish warehouse, UK first). Each store's orders take their own stock's units; the UK
    shipments leave by priority or from the named warehouse; a restock of the Irish warehouse lets
    the blocked UK order in at the next sync."""
    stocks = [{"code": "eu_stock", "sources": ["uk_warehouse", "ie_warehouse"], "stores": [UK_STORE]}]
    runner = play(
        two_stocks(
            order(1, ("AMZ-MUG", 2), purchased="2026-11-20T08:00:00Z"),
            uk_order(3, ("AMZ-MUG", 3), purchased="2026-11-20T09:00:00Z"),
            uk_order(4, ("AMZ-MUG", 2), ("AMZ-GIFT", 1), purchased="2026-11-20T09:30:00Z"),
            catalog=[
                stocked("MUG", qty=2, sources={"uk_warehouse": 2, "ie_warehouse": 1}),
                stocked("GIFT", manage_stock=False),
            ],
            stocks=stocks,
            steps=[
                IMPORT,
                {"ship": {"order": US_1, "carrier": "UPS", "tracking": "1Z1"}},
                {"ship": {"order": UK_3, "carrier": "DHL", "tracking": "DHL1"}},
                {"set_stock": {"sku": "MUG", "qty": 4, "source": "ie_warehouse"}},
                IMPORT,
                {"ship": {"order": UK_4, "carrier": "DHL", "tracking": "DHL2", "source": "ie_warehouse"}},
                RECONCILE,
            ],
        )
    )
    rows = grid(conn)
    assert all(rows[o]["commerce_status"] == "processing" for o in (US_1, UK_3, UK_4))
    assert blockers(conn) == {}
    assert shipment_sources(conn) == [
        ("default", "MUG", 2),
        ("ie_warehouse", "MUG", 1),
        ("uk_warehouse", "MUG", 2),
        ("ie_warehouse", "MUG", 2),
    ]
    assert shelf(conn, "MUG") == {"default": 0, "uk_warehouse": 0, "ie_warehouse": 2}
    assert shelf(conn, "GIFT") == {"default": 0}
    eu = stock_id(conn, "eu_stock")
    assert ledger_by_stock(conn, "MUG") == {1: 0, eu: 0}
    assert (salable(conn, "MUG"), salable(conn, "MUG", eu)) == (0, 2)
    confirmed = {c["order_id"] for c in runner.sim.confirmations()}
    assert confirmed == {US_1, UK_3, UK_4}
    views = query(
        conn,
        "SELECT st.code, w.code AS website, ss.stock_id FROM commerce.store st "
        "JOIN commerce.store_website w USING (website_id) "
        "JOIN commerce.store_stock ss USING (store_id) ORDER BY 1",
    )
    assert views == [
        {"code": "default", "website": "base", "stock_id": 1},
        {"code": "uk", "website": "eu_stock", "stock_id": eu},
    ]
    assert order_document_breaks(conn) == [] and stock_breaks(conn) == []


def test_playing_a_world_again_keeps_its_stocks(play, conn):
    document = two_stocks(uk_order(3, ("AMZ-MUG", 1)), catalog=[stocked("MUG", sources={"uk_warehouse": 3})])
    runner = play(document)
    runner.load()  # the same world written again: nothing duplicated, nothing moved
    assert query(conn, "SELECT name FROM commerce.inventory_stock ORDER BY stock_id") == [
        {"name": "Default Stock"},
        {"name": "eu_stock"},
    ]
    links = query(
        conn, "SELECT stock_id, source_code, priority FROM commerce.inventory_source_stock_link ORDER BY 1"
    )
    assert [(r["source_code"], r["priority"]) for r in links] == [("default", 1), ("uk_warehouse", 1)]
    assert salable(conn, "MUG", stock_id(conn, "eu_stock")) == 2
