"""Facts about Amazon's marketplaces that are not in the API models.

Where a marketplace's listed prices exclude tax: in the United States, Canada and Mexico the
buyer sees tax added at checkout (Amazon's v0 sandbox example: OrderTotal 11.01 = ItemPrice
10.00 + ItemTax 1.01); everywhere else (the EU, the UK, Japan, Australia, ...) prices include
VAT or GST and ItemTax is the part of ItemPrice that is tax.
"""

from __future__ import annotations

UNITED_STATES = "ATVPDKIKX0DER"
CANADA = "A2EUQ1WTGCTBG2"
MEXICO = "A1AM78C64UM0Y8"

PRICES_EXCLUDE_TAX = frozenset({UNITED_STATES, CANADA, MEXICO})


def prices_include_tax(marketplace_id: str) -> bool:
    """Whether Amazon's prices in the marketplace include the tax (its ItemTax is part of ItemPrice)."""
    return marketplace_id not in PRICES_EXCLUDE_TAX
