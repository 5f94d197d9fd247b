"""Orders API v2026-01-01's data sets in the simulator: includedData, the buyer's data by the application's
roles (no Restricted Data Token), pending orders without prices or address in both versions, orders given
in v2026's shape, packages, usage plans, faults and the contract check."""

from __future__ import annotations

import copy
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
import requests

from amazon_orders.sp_api.model import usage_plans
from sp_api_simulator import SimulatorControl, running_simulator
from sp_api_simulator.contract import answer_violations, request_violations
from sp_api_simulator.sample_orders import sample_order
from sp_api_simulator.server import ContractViolation

from .amazon_calls import (
    NOW,
    REFRESH_TOKEN,
    SELLER,
    AmazonCaller,
    add_order,
    assert_amazon_error,
    caller_for,
    iso,
)
from .calls_2026 import (
    ALL_INCLUDED,
    amount,
    get_order,
    order_ids,
    search,
    validate_2026,
    validate_v0,
)

HOUR_AGO = iso(NOW - timedelta(hours=1))
RDT_PATH = "/tokens/2021-03-01/restrictedDataToken"


def put(control: SimulatorControl, number: int, status: str = "Unshipped", channel: str = "MFN") -> Any:
    sample = sample_order(number, NOW - timedelta(minutes=30), status=status)
    sample.order["FulfillmentChannel"] = channel
    control.put_order(SELLER, sample.order, sample.items)
    return sample


def test_without_included_data_no_buyer_recipient_money_or_fulfilment(
    seller: AmazonCaller, control: SimulatorControl
) -> None:
    put(control, 1)
    plain = search(seller, lastUpdatedAfter=HOUR_AGO).json()["orders"][0]
    assert set(plain) == {"orderId", "createdTime", "lastUpdatedTime", "salesChannel", "orderItems"}
    assert set(plain["orderItems"][0]) == {"orderItemId", "quantityOrdered", "product"}
    assert plain["orderItems"][0]["product"]["price"]["unitPrice"] == {
        "amount": "11.99",
        "currencyCode": "USD",
    }


@pytest.mark.parametrize(
    ("included", "present"),
    [
        (["BUYER"], {"buyer"}),
        (["RECIPIENT"], {"recipient"}),
        (["PROCEEDS"], {"proceeds"}),
        (["FULFILLMENT"], {"fulfillment"}),
        (
            ["BUYER", "RECIPIENT", "PROCEEDS", "FULFILLMENT"],
            {"buyer", "recipient", "proceeds", "fulfillment"},
        ),
    ],
)
def test_each_data_set_comes_only_when_asked(
    seller: AmazonCaller, control: SimulatorControl, included: list[str], present: set[str]
) -> None:
    sample = put(control, 1)
    optional = {"buyer", "recipient", "proceeds", "fulfillment"}
    for answer in (
        search(seller, lastUpdatedAfter=HOUR_AGO, includedData=",".join(included)).json()["orders"][0],
        get_order(seller, sample.order_id, included).json()["order"],
    ):
        assert set(answer) & optional == present
        item = answer["orderItems"][0]
        assert ("proceeds" in item) == ("PROCEEDS" in included)
        assert ("fulfillment" in item) == ("FULFILLMENT" in included)
    if "RECIPIENT" in included:
        address = answer["recipient"]["deliveryAddress"]
        assert address["name"] == sample.order["ShippingAddress"]["Name"]
        assert address["addressLine1"] == sample.order["ShippingAddress"]["AddressLine1"]
        assert address["postalCode"] == "98101" and address["addressType"] == "RESIDENTIAL"


@pytest.mark.parametrize(
    ("status", "channel", "shown"),
    [
        ("Unshipped", "MFN", {"buyerName", "buyerEmail"}),
        ("PartiallyShipped", "MFN", {"buyerName", "buyerEmail"}),
        ("Shipped", "MFN", {"buyerName", "buyerEmail"}),
        ("Unshipped", "AFN", {"buyerName"}),  # Amazon fulfils: no email
        ("Shipped", "AFN", {"buyerName"}),
        ("Canceled", "MFN", None),  # neither name nor email outside UNSHIPPED/PARTIALLY_SHIPPED/SHIPPED
        ("Pending", "MFN", None),
    ],
)
def test_buyer_email_only_for_merchant_orders_being_or_done_shipping(
    seller: AmazonCaller, control: SimulatorControl, status: str, channel: str, shown: set[str] | None
) -> None:
    sample = put(control, 1, status=status, channel=channel)
    order = get_order(seller, sample.order_id, ["BUYER"]).json()["order"]
    if shown is None:
        assert "buyer" not in order
    else:
        assert set(order["buyer"]) == shown
        assert order["buyer"]["buyerName"] == sample.order["BuyerInfo"]["BuyerName"]
        if "buyerEmail" in shown:
            assert order["buyer"]["buyerEmail"] == sample.order["BuyerInfo"]["BuyerEmail"]


def test_a_withheld_role_refuses_its_data_set(
    sim_url: str, seller: AmazonCaller, control: SimulatorControl
) -> None:
    sample = put(control, 1)
    other = caller_for(sim_url, control, "A2SELLERTWO", "Atzr|seller-two")
    assert control.withhold_roles(SELLER, ["RECIPIENT"]) == ["RECIPIENT"]
    assert control.withheld_roles(SELLER) == ["RECIPIENT"]
    refused = search(seller, lastUpdatedAfter=HOUR_AGO, includedData="BUYER,RECIPIENT")
    assert_amazon_error(refused, 403, "Unauthorized", "RECIPIENT")
    assert "Direct-to-Consumer Shipping" in refused.json()["errors"][0]["message"]
    validate_2026(refused.json(), "ErrorList")
    assert_amazon_error(get_order(seller, sample.order_id, ["RECIPIENT"]), 403, "Unauthorized", "RECIPIENT")
    assert (
        "buyer" in get_order(seller, sample.order_id, ["BUYER", "PROCEEDS"]).json()["order"]
    )  # only that role
    assert order_ids(search(seller, lastUpdatedAfter=HOUR_AGO)) == [sample.order_id]  # nothing personal asked
    assert search(other, lastUpdatedAfter=HOUR_AGO, includedData="RECIPIENT").status_code == 200
    control.withhold_roles(SELLER, ["BUYER", "RECIPIENT"])
    assert_amazon_error(get_order(seller, sample.order_id, ["BUYER"]), 403, "Unauthorized", "BUYER")
    control.withhold_roles(SELLER, [])
    assert get_order(seller, sample.order_id, ["BUYER", "RECIPIENT"]).status_code == 200


def test_a_withheld_role_refuses_a_later_page_too(seller: AmazonCaller, control: SimulatorControl) -> None:
    for n in range(3):
        put(control, n)
    params = {"lastUpdatedAfter": HOUR_AGO, "maxResultsPerPage": "1", "includedData": "BUYER"}
    token = search(seller, params).json()["pagination"]["nextToken"]
    control.withhold_roles(SELLER, ["BUYER"])
    assert_amazon_error(search(seller, params | {"paginationToken": token}), 403, "Unauthorized", "BUYER")
    taken = search(seller, params | {"paginationToken": token, "includedData": "PROCEEDS"})
    assert taken.status_code == 200, taken.text


def test_roles_control_refuses_what_no_role_guards(sim_url: str, control: SimulatorControl) -> None:
    control.add_seller(SELLER, REFRESH_TOKEN)
    answer = requests.post(
        f"{sim_url}/_sim/sellers/{SELLER}/roles", json={"withheld": ["PROCEEDS"]}, timeout=5
    )
    assert_amazon_error(answer, 400, "InvalidInput", "PROCEEDS")
    unknown = requests.post(f"{sim_url}/_sim/sellers/nobody/roles", json={"withheld": ["BUYER"]}, timeout=5)
    assert unknown.status_code == 404
    assert control.withheld_roles(SELLER) == []


@pytest.mark.parametrize("status", ["Pending", "PendingAvailability"])
def test_a_pending_order_has_no_prices_and_no_address_in_either_version(
    seller: AmazonCaller, control: SimulatorControl, status: str
) -> None:
    sample = put(control, 1, status=status)
    v0_order = seller.get(f"/orders/v0/orders/{sample.order_id}").json()["payload"]
    v0_items = seller.get(f"/orders/v0/orders/{sample.order_id}/orderItems").json()["payload"]["OrderItems"]
    listed = seller.orders(LastUpdatedAfter=HOUR_AGO).json()["payload"]["Orders"][0]
    for order in (v0_order, listed):
        assert "OrderTotal" not in order and "ShippingAddress" not in order
    for money in ("ItemPrice", "ItemTax", "ShippingPrice", "ShippingTax", "PromotionDiscount"):
        assert money not in v0_items[0]
    assert v0_items[0]["QuantityOrdered"] == 1 and v0_items[0]["SellerSKU"] == "SKU-0001"
    new = get_order(seller, sample.order_id, ALL_INCLUDED).json()["order"]
    assert "proceeds" not in new and "recipient" not in new
    assert "price" not in new["orderItems"][0]["product"] and "proceeds" not in new["orderItems"][0]
    assert new["orderItems"][0]["product"]["sellerSku"] == "SKU-0001"
    control.set_status(sample.order_id, "Unshipped")  # paid: the truth shows again
    paid = get_order(seller, sample.order_id, ALL_INCLUDED).json()["order"]
    assert paid["proceeds"]["grandTotal"]["amount"] == sample.order["OrderTotal"]["Amount"]
    assert paid["recipient"]["deliveryAddress"]["city"] == "Seattle"
    assert seller.get(f"/orders/v0/orders/{sample.order_id}").json()["payload"]["OrderTotal"]


# An order as v2026 shows it, with every data set the simulator keeps: given, it comes back unchanged.
GIVEN: dict[str, Any] = {
    "orderId": "302-1234567-7654321",
    "orderAliases": [{"aliasId": "SHOP-42", "aliasType": "SELLER_ORDER_ID"}],
    "createdTime": iso(NOW - timedelta(hours=3)),
    "lastUpdatedTime": iso(NOW - timedelta(minutes=30)),
    "programs": ["AMAZON_BUSINESS", "PRIME"],
    "salesChannel": {
        "channelName": "AMAZON",
        "marketplaceId": "A1PA6795UKMFR9",
        "marketplaceName": "Amazon.de",
    },
    "buyer": {
        "buyerName": "Ada Lovelace",
        "buyerEmail": "ada@marketplace.amazon.de",
        "buyerCompanyName": "Analytical Engines GmbH",
        "buyerPurchaseOrderNumber": "PO-7",
    },
    "recipient": {
        "deliveryAddress": {
            "name": "Ada Lovelace",
            "companyName": "Analytical Engines GmbH",
            "addressLine1": "Unter den Linden 1",
            "city": "Berlin",
            "postalCode": "10117",
            "countryCode": "DE",
            "phone": "+49 30 1234567",
            "addressType": "COMMERCIAL",
        }
    },
    "proceeds": {
        "grandTotal": {"amount": "73.78", "currencyCode": "EUR"},
        "breakdowns": [
            {"type": "ITEM", "subtotal": {"amount": "60.00", "currencyCode": "EUR"}},
            {"type": "SHIPPING", "subtotal": {"amount": "4.00", "currencyCode": "EUR"}},
            {"type": "GIFT_WRAP", "subtotal": {"amount": "3.00", "currencyCode": "EUR"}},
            {"type": "TAX", "subtotal": {"amount": "11.78", "currencyCode": "EUR"}},
            {"type": "DISCOUNT", "subtotal": {"amount": "-5.00", "currencyCode": "EUR"}},
        ],
    },
    "payment": {
        "paymentExecutions": [
            {"paymentMethod": "CreditCard", "paymentAmount": {"amount": "73.78", "currencyCode": "EUR"}}
        ]
    },
    "fulfillment": {
        "fulfillmentStatus": "UNSHIPPED",
        "fulfilledBy": "MERCHANT",
        "fulfillmentServiceLevel": "NEXT_DAY",
        "shipByWindow": {"earliestDateTime": iso(NOW), "latestDateTime": iso(NOW + timedelta(days=1))},
        "deliverByWindow": {
            "earliestDateTime": iso(NOW + timedelta(days=2)),
            "latestDateTime": iso(NOW + timedelta(days=3)),
        },
    },
    "orderItems": [
        {
            "orderItemId": "30212345670001",
            "quantityOrdered": 2,
            "programs": ["TRANSPARENCY"],
            "product": {
                "asin": "B0ADA00001",
                "title": "Difference engine",
                "sellerSku": "DE-1",
                "condition": {"conditionType": "NEW", "conditionSubtype": "NEW"},
                "price": {"unitPrice": {"amount": "25.00", "currencyCode": "EUR"}},
            },
            "proceeds": {
                "proceedsTotal": {"amount": "61.88", "currencyCode": "EUR"},
                "breakdowns": [
                    {"type": "ITEM", "subtotal": {"amount": "50.00", "currencyCode": "EUR"}},
                    {"type": "SHIPPING", "subtotal": {"amount": "4.00", "currencyCode": "EUR"}},
                    {"type": "GIFT_WRAP", "subtotal": {"amount": "3.00", "currencyCode": "EUR"}},
                    {
                        "type": "TAX",
                        "subtotal": {"amount": "9.88", "currencyCode": "EUR"},
                        "detailedBreakdowns": [
                            {"subtype": "ITEM", "value": {"amount": "9.50", "currencyCode": "EUR"}},
                            {"subtype": "SHIPPING", "value": {"amount": "0.76", "currencyCode": "EUR"}},
                            {"subtype": "GIFT_WRAP", "value": {"amount": "0.57", "currencyCode": "EUR"}},
                            {"subtype": "DISCOUNT", "value": {"amount": "-0.95", "currencyCode": "EUR"}},
                        ],
                    },
                    {
                        "type": "DISCOUNT",
                        "subtotal": {"amount": "-5.00", "currencyCode": "EUR"},
                        "detailedBreakdowns": [
                            {"subtype": "ITEM", "value": {"amount": "-5.00", "currencyCode": "EUR"}}
                        ],
                    },
                ],
            },
            "promotion": {"breakdowns": [{"promotionId": "WINTER"}]},
            "cancellation": {"cancellationRequest": {"requester": "BUYER", "cancelReason": "Ordered twice"}},
            "fulfillment": {
                "quantityFulfilled": 0,
                "quantityUnfulfilled": 2,
                "packing": {"giftOption": {"giftMessage": "For Charles", "giftWrapLevel": "Classic"}},
            },
        },
        {
            "orderItemId": "30212345670002",
            "quantityOrdered": 1,
            "product": {
                "asin": "B0ADA00002",
                "title": "Punched cards",
                "sellerSku": "PC-1",
                "condition": {"conditionType": "USED", "conditionSubtype": "VERY_GOOD"},
                "price": {"unitPrice": {"amount": "10.00", "currencyCode": "EUR"}},
            },
            "proceeds": {
                "proceedsTotal": {"amount": "11.90", "currencyCode": "EUR"},
                "breakdowns": [
                    {"type": "ITEM", "subtotal": {"amount": "10.00", "currencyCode": "EUR"}},
                    {
                        "type": "TAX",
                        "subtotal": {"amount": "1.90", "currencyCode": "EUR"},
                        "detailedBreakdowns": [
                            {"subtype": "ITEM", "value": {"amount": "1.90", "currencyCode": "EUR"}}
                        ],
                    },
                ],
            },
            "fulfillment": {"quantityFulfilled": 0, "quantityUnfulfilled": 1},
        },
    ],
}


def test_an_order_given_in_v2026_comes_back_as_given(seller: AmazonCaller, control: SimulatorControl) -> None:
    validate_2026(GIVEN, "Order")
    assert control.put_order_2026(SELLER, GIVEN) == GIVEN["orderId"]
    assert get_order(seller, GIVEN["orderId"], ALL_INCLUDED).json()["order"] == GIVEN
    found = search(
        seller, marketplaceIds="A1PA6795UKMFR9", lastUpdatedAfter=HOUR_AGO, includedData=ALL_INCLUDED
    )
    assert found.json()["orders"] == [GIVEN]


def test_an_order_given_in_v2026_is_served_through_v0(
    seller: AmazonCaller, control: SimulatorControl
) -> None:
    control.put_order_2026(SELLER, GIVEN)
    order_id = GIVEN["orderId"]
    rdt = seller.post(
        RDT_PATH,
        {
            "restrictedResources": [
                {
                    "method": "GET",
                    "path": f"/orders/v0/orders/{order_id}",
                    "dataElements": ["buyerInfo", "shippingAddress"],
                },
            ]
        },
    )
    assert rdt.status_code == 200, rdt.text
    with_rdt = AmazonCaller(seller.base_url, rdt.json()["restrictedDataToken"])
    order = with_rdt.get(f"/orders/v0/orders/{order_id}").json()["payload"]
    validate_v0(order, "Order")
    assert order["AmazonOrderId"] == order_id and order["SellerOrderId"] == "SHOP-42"
    assert (order["PurchaseDate"], order["LastUpdateDate"]) == (
        GIVEN["createdTime"],
        GIVEN["lastUpdatedTime"],
    )
    assert (order["OrderStatus"], order["FulfillmentChannel"]) == ("Unshipped", "MFN")
    assert (order["MarketplaceId"], order["SalesChannel"]) == ("A1PA6795UKMFR9", "Amazon.de")
    assert order["OrderTotal"] == {"CurrencyCode": "EUR", "Amount": "73.78"}
    assert (order["PaymentMethod"], order["PaymentMethodDetails"]) == ("Other", ["CreditCard"])
    assert "PaymentExecutionDetail" not in order  # one method paying the total: the details say it all
    assert order["ShipmentServiceLevelCategory"] == "NextDay"
    assert (order["EarliestShipDate"], order["LatestShipDate"]) == (iso(NOW), iso(NOW + timedelta(days=1)))
    assert order["LatestDeliveryDate"] == iso(NOW + timedelta(days=3))
    assert (order["IsPrime"], order["IsBusinessOrder"], order["IsPremiumOrder"]) == (True, True, False)
    assert (order["NumberOfItemsShipped"], order["NumberOfItemsUnshipped"]) == (0, 3)
    assert order["BuyerInfo"] == {
        "BuyerEmail": "ada@marketplace.amazon.de",
        "BuyerName": "Ada Lovelace",
        "BuyerTaxInfo": {"CompanyLegalName": "Analytical Engines GmbH"},
        "PurchaseOrderNumber": "PO-7",
    }
    assert order["ShippingAddress"]["Name"] == "Ada Lovelace"
    assert order["ShippingAddress"]["AddressType"] == "Commercial"
    items = seller.get(f"/orders/v0/orders/{order_id}/orderItems").json()["payload"]["OrderItems"]
    for item in items:
        validate_v0(item, "OrderItem")
    first, second = items
    assert (first["ASIN"], first["SellerSKU"], first["QuantityOrdered"], first["QuantityShipped"]) == (
        "B0ADA00001",
        "DE-1",
        2,
        0,
    )
    money = {k: amount(v) for k, v in first.items() if isinstance(v, dict) and "Amount" in v}
    assert money == {
        "ItemPrice": Decimal("50.00"),
        "ShippingPrice": Decimal("4.00"),
        "ItemTax": Decimal("9.50"),
        "ShippingTax": Decimal("0.76"),
        "PromotionDiscount": Decimal("5.00"),  # v0 writes discounts as positive amounts
        "PromotionDiscountTax": Decimal("0.95"),
    }
    assert first["PromotionIds"] == ["WINTER"] and first["IsTransparency"] is True
    assert first["BuyerRequestedCancel"] == {
        "IsBuyerRequestedCancel": "true",
        "BuyerCancelReason": "Ordered twice",
    }
    assert (second["ConditionId"], second["ConditionSubtypeId"]) == ("Used", "Very Good")
    assert second["ItemPrice"] == {"CurrencyCode": "EUR", "Amount": "10.00"}
    stored_item = control.orders(SELLER)[0]["items"][0]
    assert stored_item["BuyerInfo"]["GiftWrapPrice"] == {"CurrencyCode": "EUR", "Amount": "3.00"}
    assert stored_item["BuyerInfo"]["GiftMessageText"] == "For Charles"


def test_a_minimal_v2026_order_fills_v0_required_fields(
    seller: AmazonCaller, control: SimulatorControl
) -> None:
    minimal = {
        "orderId": "114-0000000-0000099",
        "createdTime": iso(NOW - timedelta(hours=2)),
        "lastUpdatedTime": iso(NOW - timedelta(hours=1, minutes=-5)),
        "salesChannel": {"channelName": "AMAZON", "marketplaceId": "ATVPDKIKX0DER"},
        "fulfillment": {"fulfillmentStatus": "SHIPPED", "fulfilledBy": "AMAZON"},
        "orderItems": [
            {
                "orderItemId": "1",
                "quantityOrdered": 3,
                "product": {
                    "asin": "B0MIN",
                    "price": {"unitPrice": {"amount": "2.50", "currencyCode": "USD"}},
                },
            }
        ],
    }
    control.put_order_2026(SELLER, minimal)
    item = seller.get(f"/orders/v0/orders/{minimal['orderId']}/orderItems").json()["payload"]["OrderItems"][0]
    assert item["ItemPrice"] == {"CurrencyCode": "USD", "Amount": "7.50"}  # unit price x quantity
    assert item["QuantityShipped"] == 3  # shipped, with no quantities given: all of it
    listed = seller.orders(LastUpdatedAfter=HOUR_AGO).json()["payload"]["Orders"]
    assert [(o["AmazonOrderId"], o["OrderStatus"], o["FulfillmentChannel"]) for o in listed] == [
        (minimal["orderId"], "Shipped", "AFN")
    ]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda o: o.pop("orderItems"), "orderItems"),
        (lambda o: o.pop("fulfillment"), "fulfillmentStatus"),
        (lambda o: o["fulfillment"].update(fulfillmentStatus="LOST"), "fulfillmentStatus"),
        (lambda o: o["orderItems"][0]["product"].pop("asin"), "asin"),
        (lambda o: o.update(createdTime="yesterday"), "createdTime"),
        (lambda o: o["orderItems"][0].update(quantityOrdered="two"), "quantityOrdered"),
    ],
)
def test_a_v2026_order_the_store_cannot_hold_is_refused(
    sim_url: str, control: SimulatorControl, change: Any, words: str
) -> None:
    control.add_seller(SELLER, REFRESH_TOKEN)
    given = copy.deepcopy(GIVEN)
    change(given)
    answer = requests.post(
        f"{sim_url}/_sim/orders", json={"seller_id": SELLER, "order_2026": given}, timeout=5
    )
    assert_amazon_error(answer, 400, "InvalidInput", words)
    both = {"seller_id": SELLER, "order_2026": GIVEN, "order": {}}
    assert_amazon_error(
        requests.post(f"{sim_url}/_sim/orders", json=both, timeout=5), 400, "InvalidInput", "either"
    )


def test_confirmed_packages_show_with_packages(seller: AmazonCaller, control: SimulatorControl) -> None:
    sample = add_order(control, 1, minutes_ago=30, item_quantities=(2, 1))
    body = {
        "marketplaceId": "ATVPDKIKX0DER",
        "packageDetail": {
            "packageReferenceId": "PKG-1",
            "carrierCode": "UPS",
            "shippingMethod": "UPS Ground",
            "trackingNumber": "1Z999",
            "shipDate": iso(NOW - timedelta(minutes=5)),
            "orderItems": [{"orderItemId": sample.items[0]["OrderItemId"], "quantity": 2}],
        },
    }
    assert seller.post(f"/orders/v0/orders/{sample.order_id}/shipmentConfirmation", body).status_code == 204
    order = get_order(seller, sample.order_id, ["PACKAGES", "FULFILLMENT"]).json()["order"]
    assert order["fulfillment"]["fulfillmentStatus"] == "PARTIALLY_SHIPPED"
    assert order["packages"] == [
        {
            "packageReferenceId": "PKG-1",
            "createdTime": iso(NOW),
            "packageStatus": {"status": "SHIPPED"},
            "carrier": "UPS",
            "shipTime": iso(NOW - timedelta(minutes=5)),
            "shippingService": "UPS Ground",
            "trackingNumber": "1Z999",
            "packageItems": [{"orderItemId": sample.items[0]["OrderItemId"], "quantity": 2}],
        }
    ]
    assert "packages" not in get_order(seller, sample.order_id, ["FULFILLMENT"]).json()["order"]


def test_usage_plans_of_v2026_are_read_from_the_model() -> None:
    plans = usage_plans()
    assert (plans["searchOrders"].rate, plans["searchOrders"].burst) == (0.0056, 20)
    assert (plans["getOrder.2026-01-01"].rate, plans["getOrder.2026-01-01"].burst) == (0.5, 30)
    assert (plans["getOrder"].rate, plans["getOrder"].burst) == (0.5, 30)


def test_v2026_answers_carry_their_rate_limit(seller: AmazonCaller, control: SimulatorControl) -> None:
    sample = add_order(control, 1, minutes_ago=30)
    assert search(seller, lastUpdatedAfter=HOUR_AGO).headers["x-amzn-RateLimit-Limit"] == "0.0056"
    assert search(seller).headers["x-amzn-RateLimit-Limit"] == "0.0056"  # a 400 too
    assert get_order(seller, sample.order_id).headers["x-amzn-RateLimit-Limit"] == "0.5"
    assert {search(seller, lastUpdatedAfter=HOUR_AGO).status_code for _ in range(25)} == {200}  # not enforced
    assert control.calls()["searchOrders"] == 27 and control.calls()["getOrder.2026-01-01"] == 1


def test_rate_scale_enforces_the_v2026_plans_by_operation() -> None:
    with running_simulator(NOW, rate_scale=0.001) as url:
        control = SimulatorControl(url)
        seller = caller_for(url, control, SELLER, REFRESH_TOKEN)
        sample = add_order(control, 1, minutes_ago=30)
        searches = [search(seller, lastUpdatedAfter=HOUR_AGO) for _ in range(21)]
        gets = [get_order(seller, sample.order_id) for _ in range(31)]
        v0_get = seller.get(f"/orders/v0/orders/{sample.order_id}")  # v0's getOrder: its own bucket
        throttled = control.throttled()
    assert [a.status_code for a in searches[:20]] == [200] * 20
    assert_amazon_error(searches[20], 429, "QuotaExceeded")
    assert searches[20].headers["x-amzn-RateLimit-Limit"] == "0.0056"
    assert [a.status_code for a in gets[:30]] == [200] * 30
    assert_amazon_error(gets[30], 429, "QuotaExceeded")
    assert gets[30].headers["x-amzn-RateLimit-Limit"] == "0.5"
    assert v0_get.status_code == 200
    assert throttled == {"searchOrders": 1, "getOrder.2026-01-01": 1}


def test_faults_reach_the_v2026_operations(seller: AmazonCaller, control: SimulatorControl) -> None:
    sample = add_order(control, 1, minutes_ago=30)
    control.inject_fault("searchOrders", "error503")
    control.inject_fault("getOrder.2026-01-01", "malformed")
    assert_amazon_error(search(seller, lastUpdatedAfter=HOUR_AGO), 503, "ServiceUnavailable")
    broken = get_order(seller, sample.order_id)
    assert broken.status_code == 200
    with pytest.raises(ValueError):
        broken.json()
    assert order_ids(search(seller, lastUpdatedAfter=HOUR_AGO)) == [sample.order_id]
    assert get_order(seller, sample.order_id).status_code == 200


def test_the_contract_check_covers_v2026(seller: AmazonCaller, control: SimulatorControl) -> None:
    control.put_order_2026(SELLER, GIVEN)
    add_order(control, 1, minutes_ago=30, item_quantities=(2, 1))
    add_order(control, 2, minutes_ago=20, status="Pending")
    every = search(
        seller,
        marketplaceIds="ATVPDKIKX0DER,A1PA6795UKMFR9",
        lastUpdatedAfter=HOUR_AGO,
        includedData=ALL_INCLUDED,
    )
    validate_2026(every.json(), "SearchOrdersResponse")
    assert len(every.json()["orders"]) == 3
    validate_2026(get_order(seller, GIVEN["orderId"], ALL_INCLUDED).json(), "GetOrderResponse")
    validate_2026(get_order(seller, "nope").json(), "ErrorList")
    seen = control.contract()
    assert seen is not None and seen["checked"] >= 3 and seen["violations"] == []
    # The check has teeth: it knows v2026's answers and parameters by the operations' names.
    headers = {"x-amzn-ratelimit-limit": "0.0056", "x-amzn-requestid": "1"}
    assert answer_violations("searchOrders", 200, b'{"orders": [{"orderId": "1"}]}', headers)
    assert answer_violations("getOrder.2026-01-01", 200, b'{"payload": {}}', headers)
    assert not answer_violations(
        "getOrder.2026-01-01", 200, get_order(seller, GIVEN["orderId"]).content, headers
    )
    assert request_violations("searchOrders", [("fulfilledBy", "MFN")], b"")
    assert request_violations("searchOrders", [("includedData", "ITEMS")], b"")
    assert request_violations("getOrder.2026-01-01", [("includedData", "ITEMS")], b"")
    assert not request_violations("searchOrders", [("marketplaceIds", "A,B"), ("includedData", "BUYER")], b"")


def serve_a_broken_order() -> None:
    with running_simulator(NOW) as url:
        control = SimulatorControl(url)
        seller = caller_for(url, control, SELLER, REFRESH_TOKEN)
        control.put_order_2026(SELLER, GIVEN)
        # An ASIN the v2026 model does not allow (a number) slips in through v0's upsert, which
        # checks only the required fields.
        stored = control.orders(SELLER)[0]
        stored["items"][0]["ASIN"] = 12345
        control.put_order(SELLER, stored["order"], stored["items"])
        assert get_order(seller, GIVEN["orderId"]).status_code == 200


def test_a_model_breaking_v2026_answer_fails_the_run() -> None:
    with pytest.raises(ContractViolation, match=r"getOrder\.2026-01-01 GET .* answer/order/orderItems/0"):
        serve_a_broken_order()
