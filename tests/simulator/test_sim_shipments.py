from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from sp_api_simulator import SimulatorControl
from sp_api_simulator.sample_orders import US_MARKETPLACE, SampleOrder

from .amazon_calls import NOW, AmazonCaller, add_order, assert_amazon_error, iso


def confirmation(sample: SampleOrder, lines: list[tuple[int, int]], package: str = "1") -> dict[str, Any]:
    """lines: (item index, quantity)."""
    return {
        "marketplaceId": US_MARKETPLACE,
        "packageDetail": {
            "packageReferenceId": package,
            "carrierCode": "UPS",
            "trackingNumber": f"1Z999AA1012345678{package}",
            "shipDate": iso(NOW),
            "orderItems": [{"orderItemId": sample.items[i]["OrderItemId"], "quantity": q} for i, q in lines],
        },
    }


def confirm(seller: AmazonCaller, sample: SampleOrder, body: dict[str, Any]) -> Any:
    return seller.post(f"/orders/v0/orders/{sample.order_id}/shipmentConfirmation", body)


def stored(control: SimulatorControl, sample: SampleOrder) -> dict[str, Any]:
    return next(o for o in control.orders() if o["order"]["AmazonOrderId"] == sample.order_id)


def test_partial_then_full_shipment(seller: AmazonCaller, control: SimulatorControl) -> None:
    sample = add_order(control, 1, minutes_ago=60, item_quantities=(2, 1))
    control.advance(60)
    first = confirm(seller, sample, confirmation(sample, [(0, 1)], package="1"))
    assert first.status_code == 204 and first.content == b""
    after_first = stored(control, sample)
    assert after_first["order"]["OrderStatus"] == "PartiallyShipped"
    assert after_first["order"]["LastUpdateDate"] == iso(NOW + timedelta(seconds=60))
    assert after_first["order"]["NumberOfItemsShipped"] == 1
    assert after_first["order"]["NumberOfItemsUnshipped"] == 2
    assert [i["QuantityShipped"] for i in after_first["items"]] == [1, 0]
    control.advance(60)
    assert confirm(seller, sample, confirmation(sample, [(0, 1), (1, 1)], package="2")).status_code == 204
    done = stored(control, sample)
    assert done["order"]["OrderStatus"] == "Shipped"
    assert done["order"]["LastUpdateDate"] == iso(NOW + timedelta(seconds=120))
    assert [i["QuantityShipped"] for i in done["items"]] == [2, 1]
    assert [
        (c["order_id"], c["body"]["packageDetail"]["packageReferenceId"]) for c in control.confirmations()
    ] == [
        (sample.order_id, "1"),
        (sample.order_id, "2"),
    ]


def test_repeating_the_same_package_is_applied_once(seller: AmazonCaller, control: SimulatorControl) -> None:
    sample = add_order(control, 1, minutes_ago=60, item_quantities=(2,))
    body = confirmation(sample, [(0, 1)])
    assert confirm(seller, sample, body).status_code == 204
    assert confirm(seller, sample, body).status_code == 204
    assert stored(control, sample)["items"][0]["QuantityShipped"] == 1
    assert len(control.confirmations()) == 1
    assert_amazon_error(
        confirm(seller, sample, confirmation(sample, [(0, 2)])), 400, "InvalidInput", "already"
    )


@pytest.mark.parametrize(
    ("status", "lines", "words"),
    [
        ("Unshipped", [(0, 3)], "unshipped"),
        ("Unshipped", [(0, 1), (0, 2)], "unshipped"),
        ("Unshipped", [(0, 0)], "within"),
        ("Canceled", [(0, 1)], "Canceled"),
        ("Shipped", [(0, 1)], "already"),
    ],
)
def test_impossible_shipments_are_refused(
    seller: AmazonCaller, control: SimulatorControl, status: str, lines: list[tuple[int, int]], words: str
) -> None:
    sample = add_order(control, 1, minutes_ago=60, item_quantities=(2,), status=status)
    assert_amazon_error(confirm(seller, sample, confirmation(sample, lines)), 400, "InvalidInput", words)
    assert stored(control, sample)["order"] == sample.order
    assert control.confirmations() == []


def test_unknown_item_wrong_marketplace_or_bad_body_are_refused(
    seller: AmazonCaller, control: SimulatorControl
) -> None:
    sample = add_order(control, 1, minutes_ago=60)
    unknown_item = confirmation(sample, [(0, 1)])
    unknown_item["packageDetail"]["orderItems"][0]["orderItemId"] = "00000000000000"
    assert_amazon_error(confirm(seller, sample, unknown_item), 400, "InvalidInput", "no order item")
    elsewhere = confirmation(sample, [(0, 1)]) | {"marketplaceId": "A2EUQ1WTGCTBG2"}
    assert_amazon_error(confirm(seller, sample, elsewhere), 400, "InvalidInput", "marketplace")
    no_package = {"marketplaceId": US_MARKETPLACE}
    assert_amazon_error(confirm(seller, sample, no_package), 400, "InvalidInput", "packageDetail")
    bad_date = confirmation(sample, [(0, 1)])
    bad_date["packageDetail"]["shipDate"] = "02/21/2022"
    assert_amazon_error(confirm(seller, sample, bad_date), 400, "InvalidInput", "shipDate")


def test_unknown_order_is_not_found(seller: AmazonCaller, control: SimulatorControl) -> None:
    sample = add_order(control, 1, minutes_ago=60)
    answer = seller.post(
        "/orders/v0/orders/114-9999999-9999999/shipmentConfirmation", confirmation(sample, [(0, 1)])
    )
    assert_amazon_error(answer, 404, "NotFound")
