"""The business rules of the mission, each defined once.

Amazon's order statuses, the Commerce status codes, the blocker reason codes with the
fix the mission names for each, the store settings with their defaults, and the gate
that says when an Amazon order may become a Commerce order.
"""

from __future__ import annotations

from enum import StrEnum

from amazon_orders.sp_api.model.marketplaces import prices_include_tax


class AmazonStatus(StrEnum):
    """OrderStatus values of the Orders API v0 model."""

    PENDING = "Pending"
    UNSHIPPED = "Unshipped"
    PARTIALLY_SHIPPED = "PartiallyShipped"
    SHIPPED = "Shipped"
    CANCELED = "Canceled"
    UNFULFILLABLE = "Unfulfillable"
    INVOICE_UNCONFIRMED = "InvoiceUnconfirmed"
    PENDING_AVAILABILITY = "PendingAvailability"


# Orders API v2026-01-01's status words (fulfillment.fulfillmentStatus) in the words the grid
# shows, Seller Central's and v0's. v2026 has no InvoiceUnconfirmed; a word Amazon adds later
# is kept as it came (its own column keeps v2026's word).
STATUS_FROM_2026 = {
    "PENDING_AVAILABILITY": AmazonStatus.PENDING_AVAILABILITY,
    "PENDING": AmazonStatus.PENDING,
    "UNSHIPPED": AmazonStatus.UNSHIPPED,
    "PARTIALLY_SHIPPED": AmazonStatus.PARTIALLY_SHIPPED,
    "SHIPPED": AmazonStatus.SHIPPED,
    "CANCELLED": AmazonStatus.CANCELED,
    "UNFULFILLABLE": AmazonStatus.UNFULFILLABLE,
}


class Channel(StrEnum):
    MERCHANT = "MFN"  # merchant-fulfilled: the store's stock is reserved
    AMAZON = "AFN"  # Amazon-fulfilled: the stock is Amazon's, never touched


# v2026's fulfillment.fulfilledBy in v0's FulfillmentChannel words.
CHANNEL_FROM_2026 = {"MERCHANT": Channel.MERCHANT, "AMAZON": Channel.AMAZON}


class CommerceStatus(StrEnum):
    """Commerce's own order status codes (a store may rename `processing`)."""

    PENDING = "pending"
    PROCESSING = "processing"
    COMPLETE = "complete"
    CANCELED = "canceled"


class Reason(StrEnum):
    """Why a Commerce order could not be created for an Amazon order line."""

    NOT_IN_CATALOG = "NOT_IN_CATALOG"
    PRODUCT_DISABLED = "PRODUCT_DISABLED"
    OUT_OF_STOCK = "OUT_OF_STOCK"
    INVALID_ORDER_DATA = "INVALID_ORDER_DATA"
    MISSING_CURRENCY_RATE = "MISSING_CURRENCY_RATE"


# The solution the mission page gives for each blocker, shown beside it.
FIX = {
    Reason.NOT_IN_CATALOG: "Create the product in the catalog and match it to the Amazon listing.",
    Reason.PRODUCT_DISABLED: "Check that the product status is enabled.",
    Reason.OUT_OF_STOCK: "Update the product's quantity and sources.",
    Reason.INVALID_ORDER_DATA: "Correct the order on Amazon; it is checked again at the next sync.",
    Reason.MISSING_CURRENCY_RATE: (
        "Add the rate from the store's base currency to the order's currency "
        "(commerce.directory_currency_rate); the order imports at the next sync."
    ),
}


# Store settings (the mission's Order settings) and their defaults; the choices each allows are
# the scenario schema's (scenario/scenario.schema.yaml) and the store table's checks.
STORE_DEFAULTS = {
    "import_enabled": True,
    "order_number_source": "commerce",  # commerce | amazon
    "customer_creation": "guest",  # guest | create
    "pending_orders": "do_not_reserve",  # do_not_reserve | reserve
    "processing_status": CommerceStatus.PROCESSING.value,
    "listing_match": "manual",  # manual | sku (Seller SKU = product SKU) | asin (= the product's asin)
    "store_view": "default",  # the code of the Commerce store view that receives the orders
    # The complete order. prices_include_tax: None means the marketplace's way
    # (store_prices_include_tax); marketplace_facilitator_tax: record | leave_off (tax Amazon
    # collects and remits is on the order, or left off it); invoice_creation: at_import | never;
    # shipping_methods: Amazon's service level (STANDARD, NEXT_DAY, ...) -> a Commerce shipping
    # method code (unmapped: SHIPPING_METHOD_PREFIX + the level in lower case);
    # customer_group_id: the group of the accounts the import creates (guests are group 0).
    "prices_include_tax": None,
    "marketplace_facilitator_tax": "record",
    "payment_method": "amazon",
    "invoice_creation": "at_import",
    "shipping_methods": {},
    "customer_group_id": 1,
}
GUEST_GROUP_ID = 0
SHIPPING_METHOD_PREFIX = "amazon_"


def store_prices_include_tax(settings: dict) -> bool:
    """The store's prices_include_tax, or its marketplace's way when the setting is None."""
    given = settings.get("prices_include_tax")
    return prices_include_tax(settings["marketplace_id"]) if given is None else bool(given)


# Amazon statuses at which a Commerce order is created, per fulfilment channel.
CREATE_AT = {
    Channel.MERCHANT: (AmazonStatus.UNSHIPPED, AmazonStatus.PARTIALLY_SHIPPED, AmazonStatus.SHIPPED),
    Channel.AMAZON: (AmazonStatus.SHIPPED,),
}
# Statuses at which a merchant-fulfilled order may hold a pending reservation.
RESERVE_WHILE = (AmazonStatus.PENDING, AmazonStatus.PENDING_AVAILABILITY)
# Statuses at which an order is ever a candidate; at any other (Canceled, Unfulfillable,
# InvoiceUnconfirmed) it never imports, and its blockers are resolved.
IMPORTABLE_AT = tuple(
    dict.fromkeys([*CREATE_AT[Channel.MERCHANT], *CREATE_AT[Channel.AMAZON], *RESERVE_WHILE])
)

# Amazon's program words (v2026's Order.programs; v0's flags read as them) the Commerce order
# shows as its flags.
PRIME_PROGRAM = "PRIME"
BUSINESS_PROGRAM = "AMAZON_BUSINESS"

# The codes SQL statements compare with, passed to them as named parameters: the statements
# in include/sql never spell a channel or a status themselves.
SQL_CODES = {
    "merchant_channel": Channel.MERCHANT.value,
    "amazon_channel": Channel.AMAZON.value,
    "amazon_canceled": AmazonStatus.CANCELED.value,
    "amazon_shipped": AmazonStatus.SHIPPED.value,
    "amazon_partially_shipped": AmazonStatus.PARTIALLY_SHIPPED.value,
    "canceled": CommerceStatus.CANCELED.value,
    "complete": CommerceStatus.COMPLETE.value,
    "processing": CommerceStatus.PROCESSING.value,
    "guest_group": GUEST_GROUP_ID,
    "shipping_method_prefix": SHIPPING_METHOD_PREFIX,
    "prime_program": PRIME_PROGRAM,
    "business_program": BUSINESS_PROGRAM,
}
