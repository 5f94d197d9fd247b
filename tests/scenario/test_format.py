"""The scenario loader: what it accepts, and every refusal naming the place and the reason."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from local_harness.environment import DEMO_SCENARIO
from local_harness.scenario import ScenarioError, load_scenario
from tests.worlds import listing, order, product, store, world


def write(tmp_path: Path, document: object) -> Path:
    path = tmp_path / "scenario.yaml"
    path.write_text(document if isinstance(document, str) else yaml.safe_dump(document))
    return path


def refusal(tmp_path: Path, document: object) -> str:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(write(tmp_path, document))
    return str(caught.value)


def test_demo_scenario_loads_with_every_step_kind():
    scenario = load_scenario(DEMO_SCENARIO)
    kinds = {next(iter(step)) for step in scenario.steps}
    assert {
        "run",
        "amazon_status",
        "set_stock",
        "set_enabled",
        "match_listing",
        "ship",
        "amazon_cancel",
    } <= kinds
    assert len(scenario.stores) == 3


def test_design_example_loads_and_defaults_steps(tmp_path):
    scenario = load_scenario(
        write(tmp_path, world(order(1, ("AMZ-MUG", 2)), catalog=[product("MUG")], listings=[listing("MUG")]))
    )
    assert scenario.steps == [{"run": "amazon_order_import"}, {"run": "amazon_order_reconciliation"}]


def test_unquoted_timestamps_stay_amazon_strings(tmp_path):
    text = yaml.safe_dump(world(order(1, ("AMZ-MUG", 1)))).replace(
        "'2026-11-20T10:00:00Z'", "2026-11-20T10:00:00Z"
    )
    scenario = load_scenario(write(tmp_path, text))
    assert scenario.orders[0]["order"]["PurchaseDate"] == "2026-11-20T10:00:00Z"


@pytest.mark.parametrize(
    ("change", "place"),
    [
        (lambda d: d["stores"][0].pop("seller_id"), "stores[0]: 'seller_id' is a required property"),
        (lambda d: d["stores"][0].update(order_number_source="magento"), "stores[0].order_number_source"),
        (lambda d: d["stores"][0].update(integrated_at="yesterday"), "stores[0].integrated_at"),
        (lambda d: d.update(colour="blue"), "Additional properties are not allowed ('colour'"),
        (lambda d: d["catalog"].append({"sku": "X", "name": "X", "price": "-1"}), "catalog[1].price"),
        (lambda d: d["steps"].append({"run": "some_other_dag"}), "steps[0].run"),
        (lambda d: d["steps"].append({"set_stock": {"sku": "MUG", "qty": -1}}), "steps[0].set_stock.qty"),
        (
            lambda d: d["steps"].append(
                {"ship": {"order": "111-0000009-0000009", "carrier": "UPS", "tracking": "1"}}
            ),
            "steps[0].ship.order: unknown order",
        ),
        (
            lambda d: d["steps"].append(
                {"amazon_status": {"order": "111-0000001-0000001", "status": "Lost"}}
            ),
            "steps[0].amazon_status.status: unknown status 'Lost'",
        ),
        (
            lambda d: d["listings"].append(listing("MUG", store_name="Nowhere")),
            "listings[1].store: unknown store",
        ),
        (
            lambda d: d["orders"][0].update(store="Nowhere"),
            "orders[0] (111-0000001-0000001).store: unknown store",
        ),
        (
            lambda d: d["orders"][0]["order"].update(OrderStatus="Lost"),
            "orders[0] (111-0000001-0000001).order.OrderStatus",
        ),
        (lambda d: d["orders"][0]["order"].pop("PurchaseDate"), "'PurchaseDate' is a required property"),
        (
            lambda d: d["orders"][0]["order"]["OrderTotal"].update(Amount=25),
            "order.OrderTotal.Amount: 25 is not of type 'string'",
        ),
        (lambda d: d["orders"][0]["items"][0].pop("ASIN"), "orders[0] (111-0000001-0000001).items[0]"),
        (lambda d: d["orders"][0]["items"][0].update(QuantityOrdered="two"), "items[0].QuantityOrdered"),
        (
            lambda d: d["orders"].append(d["orders"][0]),
            "orders[1] (111-0000001-0000001).order.AmazonOrderId: duplicate",
        ),
        (lambda d: d["catalog"].append(product("MUG")), "catalog[1].sku: duplicate 'MUG'"),
    ],
)
def test_bad_files_are_refused_naming_the_place(tmp_path, change, place):
    document = world(order(1, ("AMZ-MUG", 2)), catalog=[product("MUG")], listings=[listing("MUG")], steps=[])
    change(document)
    assert place in refusal(tmp_path, document)


def _with_rates(text_rates: str) -> str:
    """A small world whose `commerce:` block is written as YAML text (so floats stay unquoted)."""
    document = yaml.safe_dump(world(order(1, ("AMZ-MUG", 1)), catalog=[product("MUG")], steps=[]))
    return document + f"commerce:\n  base_currency: USD\n  currency_rates: {text_rates}\n"


def test_a_file_without_the_commerce_block_has_base_usd_and_no_rates(tmp_path):
    scenario = load_scenario(write(tmp_path, world(order(1, ("AMZ-MUG", 1)))))
    assert scenario.commerce == {"base_currency": "USD", "currency_rates": {}}
    assert load_scenario(DEMO_SCENARIO).commerce == {
        "base_currency": "USD",
        "currency_rates": {"GBP": Decimal("0.80")},
    }


def test_rates_are_read_exactly_as_written_never_through_a_float(tmp_path):
    scenario = load_scenario(
        write(
            tmp_path,
            _with_rates(
                '{GBP: 0.80, EUR: "0.92", JPY: 155, CAD: 1.350000000000, CHF: 0.1, '
                "SEK: 98765432101.123456789012}"
            ),
        )
    )
    rates = scenario.commerce["currency_rates"]
    assert {code: str(rate) for code, rate in rates.items()} == {
        "GBP": "0.80",
        "EUR": "0.92",
        "JPY": "155",
        "CAD": "1.350000000000",
        "CHF": "0.1",  # Decimal(0.1) would be 0.1000000000000000055511151231257827...
        "SEK": "98765432101.123456789012",  # a float keeps 17 digits of these 23
    }
    assert all(isinstance(rate, Decimal) for rate in rates.values())


def test_a_set_currency_rate_step_reads_its_rate_exactly_and_null_removes(tmp_path):
    document = yaml.safe_dump(world(order(1, ("AMZ-MUG", 1)), steps=[]))
    text = document.replace(
        "steps: []",
        "steps:\n- set_currency_rate: {currency: GBP, rate: 0.1}"
        "\n- set_currency_rate: {currency: GBP, rate: null}",
    )
    scenario = load_scenario(write(tmp_path, text))
    assert scenario.steps == [
        {"set_currency_rate": {"currency": "GBP", "rate": Decimal("0.1")}},
        {"set_currency_rate": {"currency": "GBP", "rate": None}},
    ]
    assert str(scenario.steps[0]["set_currency_rate"]["rate"]) == "0.1"


def test_floats_elsewhere_stay_plain_floats(tmp_path):
    text = yaml.safe_dump(world(order(1, ("AMZ-MUG", 1)), steps=[{"advance_clock": {"minutes": 2.5}}]))
    scenario = load_scenario(write(tmp_path, text))
    assert type(scenario.steps[0]["advance_clock"]["minutes"]) is float


def test_the_complete_orders_store_settings_are_accepted(tmp_path):
    settings = {
        "prices_include_tax": None,
        "marketplace_facilitator_tax": "leave_off",
        "payment_method": "checkmo",
        "invoice_creation": "never",
        "shipping_methods": {"STANDARD": "flatrate_flatrate", "NEXT_DAY": "amazon_next_day"},
        "customer_group_id": 3,
    }
    scenario = load_scenario(write(tmp_path, world(stores=[store(**settings)])))
    assert {k: scenario.stores[0][k] for k in settings} == settings


@pytest.mark.parametrize(
    ("rates", "place"),
    [
        ('{GBP: "0"}', "commerce.currency_rates.GBP: a rate must be more than 0, not 0"),
        ("{GBP: 0.0}", "commerce.currency_rates.GBP: a rate must be more than 0, not 0.0"),
        ("{GBP: -0.8}", "commerce.currency_rates.GBP: a rate must be more than 0, not -0.8"),
        ("{GBP: -1}", "commerce.currency_rates.GBP: a rate must be more than 0, not -1"),
        ('{GBP: "-0.80"}', "commerce.currency_rates.GBP: '-0.80' does not match"),
        ('{GBP: "0,80"}', "commerce.currency_rates.GBP: '0,80' does not match"),
        ("{GBP: .nan}", "commerce.currency_rates.GBP: '.nan' is not a number"),
        ("{GBP: .inf}", "commerce.currency_rates.GBP: '.inf' is not a number"),
        ("{GBP: true}", "commerce.currency_rates.GBP: True is not of type 'string', 'number'"),
        ("{GBP: null}", "commerce.currency_rates.GBP: None is not of type 'string', 'number'"),
        ("{GBP: 0.1234567890123}", "commerce.currency_rates.GBP: 0.1234567890123 does not fit"),
        ('{GBP: "1000000000000"}', "commerce.currency_rates.GBP: 1000000000000 does not fit"),
        ('{gbp: "0.80"}', "commerce.currency_rates: 'gbp' does not match '^[A-Z]{3}$'"),
        ('{POUND: "0.80"}', "commerce.currency_rates: 'POUND' does not match '^[A-Z]{3}$'"),
        ('{USD: "1"}', "commerce.currency_rates.USD: the base currency (USD) needs no rate to itself"),
        ('[GBP, "0.80"]', "commerce.currency_rates: ['GBP', '0.80'] is not of type 'object'"),
    ],
)
def test_bad_currency_rates_are_refused_naming_the_place(tmp_path, rates, place):
    assert place in refusal(tmp_path, _with_rates(rates))


ORDERED_LINE = {"order": "111-0000001-0000001", "item": "00000010000001"}  # 2 ordered


@pytest.mark.parametrize(
    ("change", "place"),
    [
        (
            lambda d: d.update(commerce={"base_currency": "usd"}),
            "commerce.base_currency: 'usd' does not match",
        ),
        (lambda d: d.update(commerce={"base_currency": "DOLLAR"}), "commerce.base_currency: 'DOLLAR'"),
        (lambda d: d.update(commerce={"base_currency": 840}), "commerce.base_currency: 840 is not of type"),
        (
            lambda d: d.update(commerce={"rates": {}}),
            "commerce: Additional properties are not allowed ('rates'",
        ),
        (
            lambda d: d.update(commerce={"base_currency": "GBP", "currency_rates": {"GBP": "1"}}),
            "commerce.currency_rates.GBP: the base currency (GBP) needs no rate to itself",
        ),
        (lambda d: d["stores"][0].update(prices_include_tax="yes"), "stores[0].prices_include_tax"),
        (
            lambda d: d["stores"][0].update(marketplace_facilitator_tax="drop"),
            "stores[0].marketplace_facilitator_tax",
        ),
        (lambda d: d["stores"][0].update(payment_method="Amazon Pay"), "stores[0].payment_method"),
        (lambda d: d["stores"][0].update(invoice_creation="at_shipment"), "stores[0].invoice_creation"),
        (
            lambda d: d["stores"][0].update(shipping_methods={"Standard": "flatrate_flatrate"}),
            "stores[0].shipping_methods: 'Standard' is not one of ['EXPEDITED'",
        ),
        (
            lambda d: d["stores"][0].update(shipping_methods={"STANDARD": 5}),
            "stores[0].shipping_methods.STANDARD: 5 is not of type 'string'",
        ),
        (
            lambda d: d["stores"][0].update(customer_group_id=-1),
            "stores[0].customer_group_id: -1 is less than",
        ),
        (
            lambda d: d["stores"][0].update(customer_group_id="1"),
            "stores[0].customer_group_id: '1' is not of type",
        ),
        (
            lambda d: d["steps"].append({"set_currency_rate": {"currency": "gbp", "rate": "0.8"}}),
            "steps[0].set_currency_rate.currency: 'gbp' does not match",
        ),
        (
            lambda d: d["steps"].append({"set_currency_rate": {"currency": "GBP", "rate": "0"}}),
            "steps[0].set_currency_rate.rate: a rate must be more than 0, not 0",
        ),
        (
            lambda d: d["steps"].append({"set_currency_rate": {"currency": "GBP"}}),
            "steps[0].set_currency_rate: 'rate' is a required property",
        ),
        (
            lambda d: d["steps"].append({"set_currency_rate": {"currency": "USD", "rate": "1"}}),
            "steps[0].set_currency_rate.currency: the base currency (USD) has no rate to itself",
        ),
        # Stocks and sources (tests/stocks/test_scenario_stocks.py has the rest).
        (
            lambda d: d.update(
                commerce={"stocks": [{"code": "eu", "sources": ["uk"], "stores": ["Nowhere"]}]}
            ),
            "commerce.stocks[0].stores[0]: unknown store 'Nowhere'",
        ),
        (
            lambda d: d["catalog"][0].update(sources={"uk": 3}),
            "catalog[0].sources.uk: no stock has source 'uk'",
        ),
        (
            lambda d: d["catalog"][0].update(sources={"default": 3}),
            "catalog[0].qty: qty is source default's quantity, and sources.default gives it too",
        ),
        (lambda d: d["catalog"][0].update(manage_stock="no"), "catalog[0].manage_stock: 'no' is not of type"),
        (
            lambda d: d["steps"].append({"add_product": {**product("LAMP"), "sources": {"uk": 1}}}),
            "steps[0].add_product.sources.uk: no stock has source 'uk'",
        ),
        # Amazon cancels part of a line: a line of the order, 1 up to what was ordered, in all.
        (
            lambda d: d["steps"].append(
                {"amazon_cancel_item": {"order": "111-0000001-0000001", "item": "1", "quantity": 1}}
            ),
            "steps[0].amazon_cancel_item.item: order 111-0000001-0000001 has no item '1' "
            "(its items: 00000010000001)",
        ),
        (
            lambda d: d["steps"].append(
                {"amazon_cancel_item": {"order": "111-0000009-0000009", "item": "1", "quantity": 1}}
            ),
            "steps[0].amazon_cancel_item.order: unknown order '111-0000009-0000009'",
        ),
        (
            lambda d: d["steps"].append({"amazon_cancel_item": {**ORDERED_LINE, "quantity": 0}}),
            "steps[0].amazon_cancel_item.quantity: 0 is less than the minimum of 1",
        ),
        (
            lambda d: d["steps"].append({"amazon_cancel_item": ORDERED_LINE}),
            "steps[0].amazon_cancel_item: 'quantity' is a required property",
        ),
        (
            lambda d: d["steps"].extend(
                {"amazon_cancel_item": {**ORDERED_LINE, "quantity": q}} for q in (1, 2)
            ),
            "steps[1].amazon_cancel_item.quantity: 3 canceled in all of item 00000010000001, "
            "which has 2 ordered",
        ),
    ],
)
def test_bad_money_settings_are_refused_naming_the_place(tmp_path, change, place):
    document = world(order(1, ("AMZ-MUG", 2)), catalog=[product("MUG")], listings=[listing("MUG")], steps=[])
    change(document)
    assert place in refusal(tmp_path, document)


def test_not_yaml_and_missing_file_are_refused(tmp_path):
    assert "not valid YAML" in refusal(tmp_path, "stores: [unclosed")
    with pytest.raises(ScenarioError, match="cannot read"):
        load_scenario(tmp_path / "absent.yaml")
