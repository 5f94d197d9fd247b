"""The scenario loader: what it accepts, and every refusal naming the place and the reason."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from local_harness.environment import DEMO_SCENARIO
from local_harness.scenario import ScenarioError, load_scenario
from tests.worlds import listing, order, product, world


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


def test_not_yaml_and_missing_file_are_refused(tmp_path):
    assert "not valid YAML" in refusal(tmp_path, "stores: [unclosed")
    with pytest.raises(ScenarioError, match="cannot read"):
        load_scenario(tmp_path / "absent.yaml")
