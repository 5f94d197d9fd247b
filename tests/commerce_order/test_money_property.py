"""Over random money lines (issue 19, item 10): every Commerce order created adds up to Amazon's
total to the cent, with no line dropped, and every order whose total does not add up is blocked
INVALID_ORDER_DATA instead. Both ways of pricing: US (tax on top) and UK (VAT included)."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amazon_orders.migrate import reset
from amazon_orders.sp_api.model import ORDERS_2026, ORDERS_V0
from tests.views import money_identity_breaks, order_document_breaks, query
from tests.worlds import IMPORT, listing, order, product, store, world

CENT = Decimal("0.01")
UK = "A1F83G8C2ARO7P"
# Each example has a database of its own and a seller and order numbers of its own in the
# simulator (which outlives the examples).
EXAMPLES = itertools.count(1)
cents = st.integers(min_value=0, max_value=50_000).map(lambda c: Decimal(c) / 100)


@st.composite
def money_line(draw: st.DrawFn, tax_included: bool) -> dict:
    price = draw(cents.filter(lambda p: p > 0))
    rate = Decimal(draw(st.sampled_from(["0", "0.05", "0.0825", "0.2"])))
    tax = ((price * rate / (1 + rate)) if tax_included else price * rate).quantize(CENT)
    shipping = draw(st.sampled_from([Decimal("0"), Decimal("4.99"), Decimal("12.00")]))
    shipping_tax = ((shipping * rate / (1 + rate)) if tax_included else shipping * rate).quantize(CENT)
    discount = (price * Decimal(draw(st.sampled_from(["0", "0.1", "0.5"])))).quantize(CENT)
    discount_tax = ((discount * rate / (1 + rate)) if tax_included else discount * rate).quantize(CENT)
    gift_wrap = draw(st.sampled_from([Decimal("0"), Decimal("2.50")]))
    return {
        "quantity": draw(st.integers(min_value=1, max_value=4)),
        "ItemPrice": price,
        "ItemTax": tax,
        "ShippingPrice": shipping,
        "ShippingTax": shipping_tax,
        "PromotionDiscount": discount,
        "PromotionDiscountTax": discount_tax,
        "GiftWrapPrice": gift_wrap,
    }


def amazon_total(lines: list[dict], tax_included: bool) -> Decimal:
    """What Amazon charges: prices less discounts, with the taxes on top where prices exclude them."""
    total = Decimal(0)
    for line in lines:
        total += line["ItemPrice"] + line["ShippingPrice"] + line["GiftWrapPrice"] - line["PromotionDiscount"]
        if not tax_included:
            total += line["ItemTax"] + line["ShippingTax"] - line["PromotionDiscountTax"]
    return total


def amazon_order(number: int, lines: list[dict], currency: str, marketplace: str, off_by: Decimal) -> dict:
    document = order(
        number,
        *[("AMZ-MUG", line["quantity"]) for line in lines],
        currency=currency,
        MarketplaceId=marketplace,
        store_name="Store",
    )
    for item, line in zip(document["items"], lines, strict=True):
        for field in ("ItemPrice", "ItemTax", "ShippingPrice", "ShippingTax", "PromotionDiscount"):
            item[field] = {"CurrencyCode": currency, "Amount": str(line[field])}
        item["PromotionDiscountTax"] = {"CurrencyCode": currency, "Amount": str(line["PromotionDiscountTax"])}
        item["BuyerInfo"] = {
            "GiftWrapPrice": {"CurrencyCode": currency, "Amount": str(line["GiftWrapPrice"])}
        }
    total = amazon_total(lines, marketplace == UK) + off_by
    document["order"]["OrderTotal"] = {"CurrencyCode": currency, "Amount": str(total)}
    return document


@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
@pytest.mark.parametrize(
    ("marketplace", "currency", "orders_api"),
    [("ATVPDKIKX0DER", "USD", ORDERS_V0), (UK, "GBP", ORDERS_V0), ("ATVPDKIKX0DER", "USD", ORDERS_2026)],
)
def test_every_created_order_adds_up_and_every_other_is_blocked(
    play, conn, db_url, data, marketplace, currency, orders_api
):
    reset(db_url)
    example = next(EXAMPLES)
    tax_included = marketplace == UK
    orders, wrong = [], set()
    first = example * 100
    for number in range(first, first + data.draw(st.integers(min_value=1, max_value=6))):
        lines = data.draw(st.lists(money_line(tax_included), min_size=1, max_size=3))
        off_by = data.draw(st.sampled_from([Decimal(0), Decimal(0), Decimal("0.02"), Decimal("-1.00")]))
        orders.append(amazon_order(number, lines, currency, marketplace, off_by))
        if off_by:
            wrong.add(orders[-1]["order"]["AmazonOrderId"])
    document = world(
        *orders,
        stores=[store("Store", seller_id=f"A2PROPERTY{example}", marketplace_id=marketplace)],
        catalog=[product("MUG", qty=10_000)],
        listings=[listing("MUG", store_name="Store")],
        steps=[IMPORT],
    )
    document["commerce"] = {"base_currency": "USD", "currency_rates": {"GBP": "0.80"}}
    play(document, orders_api=orders_api)
    created = {r["ext_order_id"] for r in query(conn, "SELECT ext_order_id FROM commerce.sales_order")}
    blocked = {
        r["amazon_order_id"]
        for r in query(
            conn, "SELECT amazon_order_id FROM amazon.open_blockers WHERE reason = 'INVALID_ORDER_DATA'"
        )
    }
    everything = {o["order"]["AmazonOrderId"] for o in orders}
    assert blocked == wrong
    assert created == everything - wrong
    assert money_identity_breaks(conn) == [] and order_document_breaks(conn) == []
