"""Money in the simulator, over HTTP: the sample orders' totals add up as Amazon's do (tax on top in the
US, inside the prices in the UK and Germany), v0 and v2026 answers for one order carry the same money,
and v2026's item tax collections and order payment come only when includedData asks for TAX / PAYMENT,
from v0's TaxCollection and payment fields, and back again from an order given in v2026's shape."""

from __future__ import annotations

import copy
import json
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
import requests

from sp_api_simulator import SimulatorControl
from sp_api_simulator.orders_2026 import tax_collection
from sp_api_simulator.sample_orders import DE_MARKETPLACE, UK_MARKETPLACE, US_MARKETPLACE, sample_order

from .amazon_calls import NOW, REFRESH_TOKEN, SELLER, AmazonCaller, assert_amazon_error
from .calls_2026 import (
    ALL_INCLUDED,
    amount,
    get_order,
    money_of_2026_item,
    money_of_v0_item,
    v0_amount,
    validate_2026,
    validate_v0,
)
from .test_sim_orders_2026_data import GIVEN

NUMBERS = range(1, 15)  # two weeks of the generator's cycle of promotions (number % 7)
CENT = Decimal("0.01")
MARKETPLACES = {US_MARKETPLACE: "0.10", UK_MARKETPLACE: "0.20", DE_MARKETPLACE: "0.19"}
RDT_PATH = "/tokens/2021-03-01/restrictedDataToken"
US_FACILITATOR = {"model": "MARKETPLACE_FACILITATOR", "responsibleParty": "Amazon Services, Inc."}


def put(control: SimulatorControl, number: int, marketplace_id: str = US_MARKETPLACE, **kw: Any) -> Any:
    sample = sample_order(
        number, NOW - timedelta(minutes=30), marketplace_id=marketplace_id, item_quantities=(2, 1), **kw
    )
    control.put_order(SELLER, sample.order, sample.items)
    return sample


def v0_order(seller: AmazonCaller, order_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """getOrder and getOrderItems under a Restricted Data Token: an item's gift wrap price and tax are
    in its BuyerInfo, which v0 shows only with one."""
    resources = [
        {"method": "GET", "path": f"/orders/v0/orders/{order_id}", "dataElements": ["buyerInfo"]},
        {"method": "GET", "path": f"/orders/v0/orders/{order_id}/orderItems", "dataElements": ["buyerInfo"]},
    ]
    rdt = seller.post(RDT_PATH, {"restrictedResources": resources})
    assert rdt.status_code == 200, rdt.text
    restricted = AmazonCaller(seller.base_url, rdt.json()["restrictedDataToken"])
    order = restricted.get(f"/orders/v0/orders/{order_id}").json()["payload"]
    items = restricted.get(f"/orders/v0/orders/{order_id}/orderItems").json()["payload"]["OrderItems"]
    validate_v0(order, "Order")
    for item in items:
        validate_v0(item, "OrderItem")
    return order, items


# --- totals that add up --------------------------------------------------------------------------------


def charged_with_tax_on_top(items: list[dict[str, Any]]) -> Decimal:
    """US, CA, MX: the buyer pays the prices, then the taxes, less the discounts and their taxes."""
    added = ("ItemPrice", "ItemTax", "ShippingPrice", "ShippingTax", "BuyerInfo.GiftWrapPrice")
    added += ("BuyerInfo.GiftWrapTax", "CODFee")
    taken = ("CODFeeDiscount", "PromotionDiscount", "PromotionDiscountTax", "ShippingDiscount")
    taken += ("ShippingDiscountTax",)
    return sum(
        (sum(v0_amount(i, n) for n in added) - sum(v0_amount(i, n) for n in taken) for i in items), Decimal()
    )


def charged_with_tax_inside(items: list[dict[str, Any]]) -> Decimal:
    """The EU, the UK, ...: the taxes are part of the prices, so only prices and discounts count."""
    added = ("ItemPrice", "ShippingPrice", "BuyerInfo.GiftWrapPrice", "CODFee")
    taken = ("CODFeeDiscount", "PromotionDiscount", "ShippingDiscount")
    return sum(
        (sum(v0_amount(i, n) for n in added) - sum(v0_amount(i, n) for n in taken) for i in items), Decimal()
    )


@pytest.mark.parametrize("marketplace_id", sorted(MARKETPLACES))
def test_sample_totals_add_up_as_the_marketplace_charges(
    seller: AmazonCaller, control: SimulatorControl, marketplace_id: str
) -> None:
    rate = Decimal(MARKETPLACES[marketplace_id])
    seen_promotions: set[str] = set()
    for number in NUMBERS:
        sample = put(control, number, marketplace_id)
        order, items = v0_order(seller, sample.order_id)
        total = amount(order["OrderTotal"])
        if marketplace_id == US_MARKETPLACE:
            assert total == charged_with_tax_on_top(items), number
            assert total != charged_with_tax_inside(items)  # the tax is on top
            for item in items:
                assert amount(item["ItemTax"]) == (amount(item["ItemPrice"]) * rate).quantize(
                    CENT, ROUND_HALF_UP
                )
        else:
            assert total == charged_with_tax_inside(items), number
            for item in items:  # the tax is the part of the price that is tax: P x rate / (1 + rate)
                price = amount(item["ItemPrice"])
                assert amount(item["ItemTax"]) == (price * rate / (1 + rate)).quantize(CENT, ROUND_HALF_UP)
            if marketplace_id == UK_MARKETPLACE:  # 20% VAT: a sixth of the price
                assert (
                    amount(items[0]["ShippingTax"]) == (Decimal("4.99") / 6).quantize(CENT) == Decimal("0.83")
                )
        assert {i["ItemPrice"]["CurrencyCode"] for i in items} == {order["OrderTotal"]["CurrencyCode"]}
        assert total.as_tuple().exponent == -2
        for item in items:
            if amount(item["PromotionDiscount"]) or amount(item["ShippingDiscount"]):
                assert item["PromotionIds"], number  # a discount names its promotion
                seen_promotions |= set(item["PromotionIds"])
            assert ("TaxCollection" in item) == (marketplace_id == US_MARKETPLACE)
    assert seen_promotions == {"SAVE10", "FREESHIP"}  # now and then, both kinds


def test_sample_orders_are_the_same_every_time() -> None:
    first = sample_order(9, NOW, marketplace_id=UK_MARKETPLACE, item_quantities=(3, 1))
    again = sample_order(9, NOW, marketplace_id=UK_MARKETPLACE, item_quantities=(3, 1))
    assert first == again
    assert first.order["OrderTotal"] == {"CurrencyCode": "GBP", "Amount": "55.34"}
    assert sample_order(2, NOW).items[0]["PromotionDiscount"] == {"CurrencyCode": "USD", "Amount": "1.20"}


def test_a_yen_order_has_no_cents(seller: AmazonCaller, control: SimulatorControl) -> None:
    sample = put(control, 2, "A1VC38T7YXB528")
    order, items = v0_order(seller, sample.order_id)
    assert order["OrderTotal"]["CurrencyCode"] == "JPY"
    assert amount(order["OrderTotal"]) == charged_with_tax_inside(items)
    assert all(
        amount(i[f]) == amount(i[f]).to_integral_value() for i in items for f in ("ItemPrice", "ItemTax")
    )


# --- one order, two versions, the same money -------------------------------------------------------------


@pytest.mark.parametrize("marketplace_id", [US_MARKETPLACE, UK_MARKETPLACE])
def test_v0_and_v2026_carry_the_same_money(
    seller: AmazonCaller, control: SimulatorControl, marketplace_id: str
) -> None:
    for number in NUMBERS:
        sample = put(control, number, marketplace_id)
        old, old_items = v0_order(seller, sample.order_id)
        answer = get_order(seller, sample.order_id, ["PROCEEDS", "TAX", "PAYMENT"]).json()
        validate_2026(answer, "GetOrderResponse")
        new = answer["order"]
        assert new["proceeds"]["grandTotal"] == {
            "amount": old["OrderTotal"]["Amount"],
            "currencyCode": old["OrderTotal"]["CurrencyCode"],
        }
        by_type: dict[str, Decimal] = {}
        for item, old_item in zip(new["orderItems"], old_items, strict=True):
            assert item["orderItemId"] == old_item["OrderItemId"]
            assert money_of_2026_item(item) == money_of_v0_item(old_item), number
            for entry in item["proceeds"]["breakdowns"]:
                by_type[entry["type"]] = by_type.get(entry["type"], Decimal()) + amount(entry["subtotal"])
            total = sum((amount(b["subtotal"]) for b in item["proceeds"]["breakdowns"]), Decimal())
            assert amount(item["proceeds"]["proceedsTotal"]) == total
        assert {b["type"]: amount(b["subtotal"]) for b in new["proceeds"]["breakdowns"]} == by_type
        assert new["payment"]["paymentExecutions"] == [
            {"paymentMethod": "Standard", "paymentAmount": new["proceeds"]["grandTotal"]}
        ]
        if marketplace_id == US_MARKETPLACE:
            # tax on top: the item breakdowns add up to what the buyer paid
            assert sum(by_type.values(), Decimal()) == amount(old["OrderTotal"])


# --- tax collections and payment, only when asked -------------------------------------------------------


def test_tax_collections_come_only_with_tax(seller: AmazonCaller, control: SimulatorControl) -> None:
    us, uk = put(control, 1), put(control, 2, UK_MARKETPLACE)
    for included in ([], ["PROCEEDS", "PAYMENT"], [name for name in ALL_INCLUDED if name != "TAX"]):
        for sample in (us, uk):
            order = get_order(seller, sample.order_id, included).json()["order"]
            assert all("tax" not in item for item in order["orderItems"]), included
    order = get_order(seller, us.order_id, ["TAX"]).json()["order"]
    assert [item["tax"] for item in order["orderItems"]] == [{"taxCollections": [US_FACILITATOR]}] * 2
    assert "proceeds" not in order and "payment" not in order
    _, v0_items = v0_order(seller, us.order_id)
    assert v0_items[0]["TaxCollection"] == {
        "Model": "MarketplaceFacilitator",
        "ResponsibleParty": "Amazon Services, Inc.",
    }
    uk_order = get_order(seller, uk.order_id, ["TAX"]).json()["order"]
    assert all("tax" not in item for item in uk_order["orderItems"])  # the seller's own VAT: no collection


def test_tax_collection_models_are_written_in_v2026_words() -> None:
    assert tax_collection({"TaxCollection": {"Model": "MarketplaceFacilitator"}}) == {
        "model": "MARKETPLACE_FACILITATOR"
    }
    assert tax_collection({"TaxCollection": {"Model": "SellerCollected", "ResponsibleParty": "Me"}}) == {
        "model": "SELLER_COLLECTED",
        "responsibleParty": "Me",
    }
    assert tax_collection({"TaxCollection": "broken"}) is None and tax_collection({}) is None


def test_payment_comes_only_with_payment(seller: AmazonCaller, control: SimulatorControl) -> None:
    sample = put(control, 1)
    for included in ([], ["PROCEEDS", "TAX"], [name for name in ALL_INCLUDED if name != "PAYMENT"]):
        assert "payment" not in get_order(seller, sample.order_id, included).json()["order"], included
    order = get_order(seller, sample.order_id, ["PAYMENT"]).json()["order"]
    assert order["payment"] == {
        "paymentExecutions": [
            {
                "paymentMethod": "Standard",
                "paymentAmount": {"amount": sample.order["OrderTotal"]["Amount"], "currencyCode": "USD"},
            }
        ]
    }


def _usd(text: str) -> dict[str, str]:
    return {"CurrencyCode": "USD", "Amount": text}


@pytest.mark.parametrize(
    ("v0_payment", "executions"),
    [
        (  # Amazon's split of a COD order: each sub-payment with its amount, COD and GC spelled out
            {
                "PaymentMethod": "COD",
                "PaymentMethodDetails": ["COD", "GC"],
                "PaymentExecutionDetail": [
                    {"Payment": _usd("20.00"), "PaymentMethod": "COD"},
                    {"Payment": _usd("5.00"), "PaymentMethod": "GC"},
                ],
            },
            [
                {
                    "paymentMethod": "CashOnDelivery",
                    "paymentAmount": {"amount": "20.00", "currencyCode": "USD"},
                },
                {"paymentMethod": "GiftCard", "paymentAmount": {"amount": "5.00", "currencyCode": "USD"}},
            ],
        ),
        (  # several methods, no split: no amounts
            {"PaymentMethod": "Other", "PaymentMethodDetails": ["CreditCard", "GiftCertificate"]},
            [{"paymentMethod": "CreditCard"}, {"paymentMethod": "GiftCertificate"}],
        ),
        (  # only PaymentMethod: a convenience store pays the whole total
            {"PaymentMethod": "CVS"},
            [
                {
                    "paymentMethod": "ConvenienceStore",
                    "paymentAmount": {"amount": "TOTAL", "currencyCode": "USD"},
                }
            ],
        ),
        (  # Brazil's card details come along
            {
                "PaymentMethod": "Other",
                "PaymentMethodDetails": ["CreditCard"],
                "PaymentExecutionDetail": [
                    {
                        "Payment": _usd("25.00"),
                        "PaymentMethod": "CreditCard",
                        "CardBrand": "Visa",
                        "AuthorizationCode": "123456",
                    }
                ],
            },
            [
                {
                    "paymentMethod": "CreditCard",
                    "paymentAmount": {"amount": "25.00", "currencyCode": "USD"},
                    "cardBrand": "Visa",
                    "authorizationCode": "123456",
                }
            ],
        ),
    ],
)
def test_payment_executions_from_v0_payment_fields(
    seller: AmazonCaller,
    control: SimulatorControl,
    v0_payment: dict[str, Any],
    executions: list[dict[str, Any]],
) -> None:
    sample = sample_order(1, NOW - timedelta(minutes=30))
    for name in ("PaymentMethod", "PaymentMethodDetails"):
        sample.order.pop(name)
    sample.order.update(v0_payment)
    control.put_order(SELLER, sample.order, sample.items)
    answer = get_order(seller, sample.order_id, ["PAYMENT"]).json()
    validate_2026(answer, "GetOrderResponse")
    expected = json.loads(json.dumps(executions).replace("TOTAL", sample.order["OrderTotal"]["Amount"]))
    assert answer["order"]["payment"]["paymentExecutions"] == expected
    old, _ = v0_order(seller, sample.order_id)
    assert {k: old[k] for k in v0_payment} == v0_payment


def test_a_pending_order_shows_how_it_is_paid_but_no_amounts(
    seller: AmazonCaller, control: SimulatorControl
) -> None:
    sample = sample_order(1, NOW - timedelta(minutes=30), status="Pending")
    sample.order["PaymentExecutionDetail"] = [{"Payment": _usd("25.00"), "PaymentMethod": "COD"}]
    sample.order["PaymentMethod"], sample.order["PaymentMethodDetails"] = "COD", ["COD"]
    control.put_order(SELLER, sample.order, sample.items)
    order = get_order(seller, sample.order_id, ["PAYMENT"]).json()["order"]
    assert order["payment"] == {"paymentExecutions": [{"paymentMethod": "CashOnDelivery"}]}
    old = seller.get(f"/orders/v0/orders/{sample.order_id}").json()["payload"]
    assert "PaymentExecutionDetail" not in old and old["PaymentMethodDetails"] == ["COD"]
    control.set_status(sample.order_id, "Unshipped")
    paid = get_order(seller, sample.order_id, ["PAYMENT"]).json()["order"]
    assert paid["payment"]["paymentExecutions"][0]["paymentAmount"] == {
        "amount": "25.00",
        "currencyCode": "USD",
    }


# --- an order given in v2026's shape: its tax collections and payment go back into v0 ---------------------


def us_given(
    executions: list[dict[str, Any]], collections: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The data test's German order moved to the US, with tax collections on its items and a payment."""
    given = json.loads(json.dumps(GIVEN).replace('"EUR"', '"USD"'))
    given["salesChannel"] = {
        "channelName": "AMAZON",
        "marketplaceId": US_MARKETPLACE,
        "marketplaceName": "Amazon.com",
    }
    for item in given["orderItems"]:
        item["tax"] = {"taxCollections": copy.deepcopy(collections or [US_FACILITATOR])}
    given["payment"] = {"paymentExecutions": executions}
    return given


TOTAL = {"amount": "73.78", "currencyCode": "USD"}  # GIVEN's grand total


@pytest.mark.parametrize(
    ("executions", "v0_payment"),
    [
        (
            [{"paymentMethod": "CreditCard", "paymentAmount": TOTAL}],
            {"PaymentMethod": "Other", "PaymentMethodDetails": ["CreditCard"]},
        ),
        (
            [
                {
                    "paymentMethod": "CashOnDelivery",
                    "paymentAmount": {"amount": "70.00", "currencyCode": "USD"},
                },
                {
                    "paymentMethod": "PointsAccount",
                    "paymentAmount": {"amount": "3.78", "currencyCode": "USD"},
                },
            ],
            {
                "PaymentMethod": "COD",
                "PaymentMethodDetails": ["COD", "PointsAccount"],
                "PaymentExecutionDetail": [
                    {"Payment": _usd("70.00"), "PaymentMethod": "COD"},
                    {"Payment": _usd("3.78"), "PaymentMethod": "PointsAccount"},
                ],
            },
        ),
        (
            [{"paymentMethod": "CreditCard"}, {"paymentMethod": "GiftCertificate"}],
            {"PaymentMethod": "Other", "PaymentMethodDetails": ["CreditCard", "GiftCertificate"]},
        ),
    ],
)
def test_a_given_order_keeps_its_tax_collections_and_payment_in_both_versions(
    seller: AmazonCaller,
    control: SimulatorControl,
    executions: list[dict[str, Any]],
    v0_payment: dict[str, Any],
) -> None:
    given = us_given(executions)
    validate_2026(given, "Order")
    control.put_order_2026(SELLER, given)
    assert get_order(seller, given["orderId"], ALL_INCLUDED).json()["order"] == given
    stored = control.orders(SELLER)[0]
    assert {k: stored["order"].get(k) for k in v0_payment} == v0_payment
    assert "PaymentExecutionDetail" in stored["order"] or "PaymentExecutionDetail" not in v0_payment
    for item in stored["items"]:
        assert item["TaxCollection"] == {
            "Model": "MarketplaceFacilitator",
            "ResponsibleParty": "Amazon Services, Inc.",
        }


def test_a_given_payment_without_amount_pays_the_total(
    seller: AmazonCaller, control: SimulatorControl
) -> None:
    given = us_given([{"paymentMethod": "Invoice"}])
    control.put_order_2026(SELLER, given)
    shown = get_order(seller, given["orderId"], ["PAYMENT"]).json()["order"]["payment"]
    assert shown == {"paymentExecutions": [{"paymentMethod": "Invoice", "paymentAmount": TOTAL}]}


@pytest.mark.parametrize(
    ("given", "words"),
    [
        (
            us_given(
                [],
                [{"model": "MARKETPLACE_FACILITATOR", "responsibleParty": "Amazon Services Europe S.a.r.L."}],
            ),
            "responsibleParty",
        ),
        (us_given([], [{"model": "SELLER_COLLECTED"}]), "TaxCollection.Model"),
        (us_given([], [US_FACILITATOR, US_FACILITATOR]), "one per item"),
        (
            us_given(
                [{"paymentMethod": "CashOnDelivery", "paymentAmount": TOTAL}, {"paymentMethod": "GiftCard"}]
            ),
            "paymentAmount",
        ),
    ],
)
def test_a_given_order_v0_cannot_hold_is_refused(
    sim_url: str, control: SimulatorControl, given: dict[str, Any], words: str
) -> None:
    control.add_seller(SELLER, REFRESH_TOKEN)
    answer = requests.post(
        f"{sim_url}/_sim/orders", json={"seller_id": SELLER, "order_2026": given}, timeout=5
    )
    assert_amazon_error(answer, 400, "InvalidInput", words)
    assert control.orders(SELLER) == []
