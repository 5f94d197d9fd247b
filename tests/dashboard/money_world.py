"""A small world of orders with money for the analyst views and the dashboard: a US Prime order
with tax (Amazon collects it as marketplace facilitator), shipping and a promotion; a Business
order whose tax the seller owes; a replacement; a UK order in pounds (blocked until its rate
exists); an Amazon-fulfilled order; an unmatched one (blocked); a pending, a shipped and a
canceled merchant-fulfilled order."""

from __future__ import annotations

from tests.worlds import IMPORT, listing, order, product, store, world

UK = "A1F83G8C2ARO7P"
BUYER = {"BuyerName": "Jane Q. Doe", "BuyerEmail": "jane.doe@example.com"}
ADDRESS = {
    "Name": "Jane Q. Doe",
    "AddressLine1": "1 Elm Street",
    "City": "Springfield",
    "StateOrRegion": "IL",
    "PostalCode": "62701",
    "CountryCode": "US",
    "Phone": "+1 217-555-0100",
}
SECRETS = ["Jane Q. Doe", "jane.doe@example.com", "1 Elm Street", "Springfield", "62701", "555-0100"]


def oid(number: int) -> str:
    return f"111-{number:07d}-{number:07d}"


def money(amount: str, currency: str = "USD") -> dict:
    return {"CurrencyCode": currency, "Amount": amount}


def us_prime(number: int = 1) -> dict:
    """2 mugs at 10.00, 8.25% tax Amazon collects, 4.99 shipping, a 2.00 promotion: 24.88."""
    document = order(number, ("AMZ-MUG", 2), IsPrime=True, BuyerInfo=BUYER, ShippingAddress=ADDRESS)
    document["order"]["OrderTotal"] = money("24.88")
    document["items"][0].update(
        ItemTax=money("1.65"),
        ShippingPrice=money("4.99"),
        ShippingTax=money("0.41"),
        PromotionDiscount=money("2.00"),
        PromotionDiscountTax=money("0.17"),
        PromotionIds=["SPRING-2"],
        TaxCollection={"Model": "MarketplaceFacilitator", "ResponsibleParty": "Amazon Services, Inc."},
    )
    return document


def us_business(number: int = 2) -> dict:
    """A mug at 10.00 with 0.80 tax the seller owes: 10.80."""
    document = order(number, ("AMZ-MUG", 1), IsBusinessOrder=True, purchased="2026-11-20T09:00:00Z")
    document["order"]["OrderTotal"] = money("10.80")
    document["items"][0].update(ItemTax=money("0.80"))
    return document


def uk_order(number: int = 3) -> dict:
    """A UK mug at 24.00 including 4.00 VAT, 3.60 shipping including 0.60 VAT: 27.60 in pounds."""
    document = order(number, ("AMZ-MUG", 1), currency="GBP", MarketplaceId=UK, store_name="UK Store")
    document["order"]["OrderTotal"] = money("27.60", "GBP")
    document["items"][0].update(
        ItemPrice=money("24.00", "GBP"),
        ItemTax=money("4.00", "GBP"),
        ShippingPrice=money("3.60", "GBP"),
        ShippingTax=money("0.60", "GBP"),
    )
    return document


ORDERS = {
    "prime": us_prime(1),
    "business": us_business(2),
    "uk": uk_order(3),
    "replacement": order(
        4, ("AMZ-MUG", 1), IsReplacementOrder=True, ReplacedOrderId=oid(1), purchased="2026-11-20T08:00:00Z"
    ),
    "afn": order(5, ("AMZ-MUG", 1), status="Shipped", channel="AFN"),
    "unmatched": order(6, ("AMZ-LAMP", 1), purchased="2026-11-20T07:00:00Z"),
    "pending": order(7, ("AMZ-MUG", 1), status="Pending"),
    "shipped": order(8, ("AMZ-MUG", 1), status="Shipped"),
    "canceled": order(9, ("AMZ-MUG", 1), status="Canceled"),
    "partly": order(10, ("AMZ-MUG", 1), status="PartiallyShipped", purchased="2026-11-20T06:00:00Z"),
}
ID = {name: oid(int(document["order"]["AmazonOrderId"][4:11])) for name, document in ORDERS.items()}
# Merchant-fulfilled, Unshipped or PartiallyShipped: what amazon.orders_to_ship lists.
TO_SHIP = {"prime", "business", "uk", "replacement", "unmatched", "partly"}


def document() -> dict:
    return world(
        *ORDERS.values(),
        stores=[store(), store("UK Store", seller_id="A2SELLERUK", marketplace_id=UK)],
        catalog=[product("MUG", qty=100)],
        listings=[listing("MUG"), listing(None, "AMZ-LAMP"), listing("MUG", store_name="UK Store")],
        steps=[IMPORT],
    )
