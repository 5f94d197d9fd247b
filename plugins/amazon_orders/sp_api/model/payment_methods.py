"""Amazon's payment method words in both Orders API versions.

v2026 spells the methods out in CamelCase (PaymentExecution.paymentMethod: CashOnDelivery,
ConvenienceStore, CreditCard, Invoice, Pix, ...); v0's PaymentMethod and PaymentMethodDetails
abbreviate some. The rest are the same word in both.
"""

from __future__ import annotations

IN_2026_OF_V0 = {"COD": "CashOnDelivery", "CVS": "ConvenienceStore", "GC": "GiftCard"}


def in_2026(v0_word: str) -> str:
    """A v0 payment method word as v2026 spells it."""
    return IN_2026_OF_V0.get(v0_word, v0_word)
