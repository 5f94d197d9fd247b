"""A scenario may give an order as a v2026 Order with its orderItems (`order_2026:`): checked
against Amazon's v2026 model, served through both API versions, imported alike."""

from __future__ import annotations

import pytest
import yaml

from amazon_orders.sp_api.model import ORDERS_2026, ORDERS_V0
from local_harness.scenario import ScenarioError, load_scenario
from tests.views import query
from tests.worlds import IMPORT, listing, product, world

ORDER_2026 = {
    "orderId": "111-2026000-0000001",
    "createdTime": "2026-11-20T10:00:00Z",
    "lastUpdatedTime": "2026-11-20T10:05:00Z",
    "programs": ["PRIME"],
    "salesChannel": {"channelName": "AMAZON", "marketplaceId": "ATVPDKIKX0DER"},
    "buyer": {"buyerName": "Jane Doe", "buyerEmail": "jane@marketplace.amazon.com"},
    "recipient": {
        "deliveryAddress": {
            "name": "Jane Doe",
            "addressLine1": "1 Main St",
            "city": "Seattle",
            "stateOrRegion": "WA",
            "postalCode": "98101",
            "countryCode": "US",
        }
    },
    "proceeds": {"grandTotal": {"amount": "25.00", "currencyCode": "USD"}},
    "fulfillment": {"fulfillmentStatus": "UNSHIPPED", "fulfilledBy": "MERCHANT"},
    "orderItems": [
        {
            "orderItemId": "20260000000001",
            "quantityOrdered": 2,
            "product": {
                "asin": "B0TESTMUG1",
                "sellerSku": "AMZ-MUG",
                "price": {"unitPrice": {"amount": "12.50", "currencyCode": "USD"}},
            },
            "proceeds": {
                "breakdowns": [{"type": "ITEM", "subtotal": {"amount": "25.00", "currencyCode": "USD"}}]
            },
        }
    ],
}


def _document() -> dict:
    document = world(catalog=[product("MUG", qty=5)], listings=[listing("MUG")], steps=[IMPORT])
    document["orders"] = [{"store": "US Store", "order_2026": ORDER_2026}]
    return document


@pytest.mark.parametrize("orders_api", [ORDERS_V0, ORDERS_2026])
def test_a_v2026_order_imports_through_either_version(play, conn, orders_api):
    play(_document(), orders_api=orders_api)
    [order] = query(conn, "SELECT ext_order_id, status, grand_total FROM commerce.sales_order")
    assert (order["ext_order_id"], order["status"], str(order["grand_total"])) == (
        "111-2026000-0000001",
        "processing",
        "25.0000",
    )
    [line] = query(conn, "SELECT sku, qty_ordered FROM commerce.sales_order_item")
    assert (line["sku"], line["qty_ordered"]) == ("MUG", 2)
    [address] = query(conn, "SELECT city FROM commerce.sales_order_address WHERE address_type = 'shipping'")
    assert address["city"] == "Seattle"


def test_a_v2026_order_off_the_model_is_refused_by_place(tmp_path):
    document = _document()
    document["orders"][0]["order_2026"] = {**ORDER_2026, "orderItems": [{"orderItemId": "1"}]}
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(document))
    with pytest.raises(ScenarioError, match=r"orders\[0\] \(111-2026000-0000001\)\.order_2026\.orderItems"):
        load_scenario(path)


def test_an_order_is_given_in_one_version_only(tmp_path):
    document = _document()
    document["orders"][0]["order"] = {"AmazonOrderId": "111-2026000-0000001"}
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(document))
    with pytest.raises(ScenarioError, match=r"orders\[0\]"):
        load_scenario(path)
