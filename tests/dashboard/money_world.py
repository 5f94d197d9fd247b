"""A small world of orders with money for the analyst views and the dashboard: a US Prime order
with tax (Amazon collects it as marketplace facilitator), shipping and a promotion; a Business
order whose tax the seller owes; a replacement; a UK order in pounds (blocked until its rate
exists); an Amazon-fulfilled order; an unmatched one (blocked); a pending, a shipped and a
canceled merchant-fulfilled order."""

from __future__ import annotations

from tests.worlds import IMPORT, UK, listing, money, order, product, store, uk_order, us_order, world

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


def us_prime(number: int = 1) -> dict:
    """The US order with tax, shipping and a promotion (24.88), Prime, with the buyer's data."""
    return us_order(number, IsPrime=True, BuyerInfo=BUYER, ShippingAddress=ADDRESS)


def us_business(number: int = 2) -> dict:
    """A mug at 10.00 with 0.80 tax the seller owes: 10.80."""
    document = order(number, ("AMZ-MUG", 1), IsBusinessOrder=True, purchased="2026-11-20T09:00:00Z")
    document["order"]["OrderTotal"] = money("10.80")
    document["items"][0].update(ItemTax=money("0.80"))
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
