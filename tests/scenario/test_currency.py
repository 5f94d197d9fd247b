"""The scenario's Commerce money settings in Postgres: the base currency of every store view the
world writes, the currency rates from it, the set_currency_rate step, the store settings of the
complete order; and an order in a currency without a rate, blocked, then imported once the rate
exists."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
import yaml

from amazon_orders import db
from amazon_orders.rules import SQL_CODES
from amazon_orders.settings import IMPORT_DAG_ID
from amazon_orders.sp_api.model import LWA_TOKEN_PATH
from local_harness import summary
from local_harness.scenario import ScenarioError, load_scenario, world
from local_harness.scenario.runner import ScenarioRunner
from tests.views import query
from tests.worlds import IMPORT, listing, order, product, store
from tests.worlds import world as document

UK = "A1F83G8C2ARO7P"


def scenario_of(tmp_path: Path, doc: dict):
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return load_scenario(path)


def rates(conn) -> dict[tuple[str, str], Decimal]:
    rows = query(conn, "SELECT currency_from, currency_to, rate FROM commerce.directory_currency_rate")
    return {(r["currency_from"], r["currency_to"]): r["rate"] for r in rows}


def base_currencies(conn) -> dict[str, str]:
    return {
        r["code"]: r["base_currency_code"]
        for r in query(conn, "SELECT code, base_currency_code FROM commerce.store")
    }


def test_the_world_writes_the_base_currency_of_its_store_views_and_its_rates(tmp_path, conn):
    doc = document(
        stores=[store(), store("UK Store", "A2SELLERUK", marketplace_id=UK, store_view="uk")],
        catalog=[product("MUG")],
    )
    doc["commerce"] = {"base_currency": "EUR", "currency_rates": {"GBP": "0.85", "USD": 1.08}}
    world.apply(conn, scenario_of(tmp_path, doc))
    assert base_currencies(conn) == {"default": "EUR", "uk": "EUR"}
    assert rates(conn) == {("EUR", "GBP"): Decimal("0.85"), ("EUR", "USD"): Decimal("1.08")}
    # Written again (a second play), the world changes nothing.
    world.apply(conn, scenario_of(tmp_path, doc))
    assert rates(conn) == {("EUR", "GBP"): Decimal("0.85"), ("EUR", "USD"): Decimal("1.08")}


def test_a_world_without_the_commerce_block_keeps_usd_and_writes_no_rate(tmp_path, conn):
    world.apply(conn, scenario_of(tmp_path, document(catalog=[product("MUG")])))
    assert base_currencies(conn) == {"default": "USD"}
    assert rates(conn) == {}


def test_a_rate_with_twelve_decimal_places_is_stored_exactly(tmp_path, conn):
    path = tmp_path / "scenario.yaml"
    path.write_text(
        yaml.safe_dump(document())
        + "commerce:\n  currency_rates: {GBP: 0.123456789012, SEK: 98765432101.5}\n"
    )
    world.apply(conn, load_scenario(path))
    assert {k: str(v) for k, v in rates(conn).items()} == {
        ("USD", "GBP"): "0.123456789012",
        ("USD", "SEK"): "98765432101.500000000000",
    }


def test_the_complete_orders_store_settings_reach_the_store_table(tmp_path, conn):
    settings = {
        "marketplace_facilitator_tax": "leave_off",
        "payment_method": "checkmo",
        "invoice_creation": "never",
        "shipping_methods": {"STANDARD": "flatrate_flatrate"},
        "customer_group_id": 2,
    }
    doc = document(stores=[store(**settings), store("UK Store", "A2SELLERUK", marketplace_id=UK)])
    world.apply(conn, scenario_of(tmp_path, doc))
    rows = {
        r["name"]: r
        for r in query(
            conn,
            "SELECT name, prices_include_tax, marketplace_facilitator_tax, payment_method, invoice_creation, "
            "shipping_methods, customer_group_id FROM amazon.store",
        )
    }
    assert {k: rows["US Store"][k] for k in settings} == settings
    assert rows["US Store"]["prices_include_tax"] is False  # the US marketplace's way
    assert rows["UK Store"]["prices_include_tax"] is True  # the UK's
    assert (rows["UK Store"]["payment_method"], rows["UK Store"]["customer_group_id"]) == ("amazon", 1)


def test_an_unknown_customer_group_is_refused_naming_the_store_and_nothing_is_written(tmp_path, conn):
    doc = document(stores=[store(), store("UK Store", "A2SELLERUK", customer_group_id=7)])
    doc["commerce"] = {"currency_rates": {"GBP": "0.80"}}
    with pytest.raises(ScenarioError) as refused:
        world.apply(conn, scenario_of(tmp_path, doc))
    assert (
        "stores[1] (UK Store).customer_group_id: no customer group 7 in commerce.customer_group "
        "(there: 0 NOT LOGGED IN, 1 General, 2 Wholesale, 3 Retailer); nothing was written"
    ) in str(refused.value)
    assert query(conn, "SELECT name FROM amazon.store") == []
    assert rates(conn) == {}


def test_set_currency_rate_sets_changes_and_removes_a_rate(conn):
    world.set_currency_rate(conn, "USD", "GBP", Decimal("0.80"))
    world.set_currency_rate(conn, "USD", "CAD", Decimal("1.35"))
    world.set_currency_rate(conn, "USD", "GBP", Decimal("0.79"))
    assert rates(conn) == {("USD", "GBP"): Decimal("0.79"), ("USD", "CAD"): Decimal("1.35")}
    world.set_currency_rate(conn, "USD", "GBP", None)
    world.set_currency_rate(conn, "USD", "JPY", None)  # removing a rate there is not: nothing happens
    assert rates(conn) == {("USD", "CAD"): Decimal("1.35")}


def test_the_set_currency_rate_step_uses_the_worlds_base_currency(tmp_path, db_url, sim_url, conn):
    doc = document(
        steps=[
            {"set_currency_rate": {"currency": "USD", "rate": "1.08"}},
            {"set_currency_rate": {"currency": "GBP", "rate": "0.86"}},
            {"set_currency_rate": {"currency": "GBP", "rate": None}},
        ]
    )
    doc["commerce"] = {"base_currency": "EUR", "currency_rates": {"GBP": "0.85"}}
    seen = []
    runner = ScenarioRunner(
        scenario_of(tmp_path, doc), db_url, sim_url, sim_url + LWA_TOKEN_PATH, in_process=True
    )
    runner.play(on_step=lambda number, _kind, _args: seen.append((number, rates(conn))))
    assert seen == [
        (1, {("EUR", "GBP"): Decimal("0.85")}),
        (2, {("EUR", "GBP"): Decimal("0.85"), ("EUR", "USD"): Decimal("1.08")}),
        (3, {("EUR", "GBP"): Decimal("0.86"), ("EUR", "USD"): Decimal("1.08")}),
    ]
    assert rates(conn) == {("EUR", "USD"): Decimal("1.08")}


# End to end through the product's validation and load (issue 19's MISSING_CURRENCY_RATE and the
# complete order's base amounts, commit f7b0aa9): blocked without a rate, imported at the next sync
# once the set_currency_rate step gives one.
def test_an_order_without_a_rate_is_blocked_then_imports_once_the_rate_exists(
    tmp_path, db_url, sim_url, conn
):
    uk_order = order(1, ("UK-MUG", 1), store_name="UK Store", currency="GBP", MarketplaceId=UK)
    uk_order["order"]["OrderTotal"]["Amount"] = uk_order["items"][0]["ItemPrice"]["Amount"] = "13.99"
    doc = document(
        uk_order,
        stores=[store("UK Store", "A2SELLERUK", marketplace_id=UK)],
        catalog=[product("MUG")],
        listings=[listing("MUG", "UK-MUG", store_name="UK Store")],
        steps=[IMPORT, {"set_currency_rate": {"currency": "GBP", "rate": "0.80"}}, IMPORT],
    )
    blocked = {}

    def before(_number: int, kind: str, _args: object) -> None:
        if kind == "set_currency_rate":
            blocked["rows"] = query(conn, "SELECT reason, detail FROM amazon.open_blockers")
            blocked["orders"] = query(conn, "SELECT entity_id FROM commerce.sales_order")

    runner = ScenarioRunner(
        scenario_of(tmp_path, doc), db_url, sim_url, sim_url + LWA_TOKEN_PATH, in_process=True
    )
    runner.play(on_step=before)
    assert blocked["orders"] == []
    [row] = blocked["rows"]
    assert row["reason"] == "MISSING_CURRENCY_RATE"
    assert "GBP" in row["detail"]

    assert query(conn, "SELECT reason FROM amazon.open_blockers") == []
    [created] = query(
        conn,
        "SELECT order_currency_code, base_currency_code, base_to_order_rate, grand_total, base_grand_total "
        "FROM commerce.sales_order",
    )
    assert (created["order_currency_code"], created["base_currency_code"]) == ("GBP", "USD")
    assert created["base_to_order_rate"] == Decimal("0.80")
    assert created["grand_total"] == Decimal("13.99")
    expected = (created["grand_total"] / Decimal("0.80")).quantize(Decimal("0.0001"), ROUND_HALF_UP)
    assert created["base_grand_total"] == expected == Decimal("17.4875")

    assert db.fetch_all(conn, "summary/revenue_by_store", SQL_CODES) == [
        {
            "store_name": "UK Store",
            "base_currency": "USD",
            "orders": 1,
            "base_grand_total": Decimal("17.4875"),
        }
    ]
    assert db.fetch_all(conn, "summary/revenue_by_order_currency", SQL_CODES) == [
        {"store_name": "UK Store", "currency": "GBP", "orders": 1, "grand_total": Decimal("13.99")}
    ]
    printed = summary.render(conn).split("Revenue by store in the base currency")[1].splitlines()
    assert printed[2].split() == ["UK", "Store", "1", "17.4875", "USD"]
    runner.sync(IMPORT_DAG_ID)  # another sync changes nothing
    assert len(query(conn, "SELECT entity_id FROM commerce.sales_order")) == 1
