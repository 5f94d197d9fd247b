"""The application's roles for a seller's personal data in Orders API v2026-01-01, which asks no Restricted
Data Token: the roles the developer profile holds decide. The simulator grants every role unless one is
withheld (`POST /_sim/sellers/{seller_id}/roles`); asking includedData for a data set whose role is withheld
is refused with 403 Unauthorized, as Amazon refuses an application without the role.

Roles by data set, as Amazon's "Access Orders PII" page names them.
"""

from __future__ import annotations

from collections.abc import Iterable

from .errors import unauthorized

ROLES = {
    "BUYER": (
        "Direct-to-Consumer Shipping (Restricted), Tax Invoicing (Restricted) or Tax Remittance (Restricted)"
    ),
    "RECIPIENT": "Direct-to-Consumer Shipping (Restricted)",
}


def check_roles(included: Iterable[str], withheld: frozenset[str]) -> None:
    """403 Unauthorized when `included` asks for a data set whose role is withheld."""
    missing = sorted(set(included) & withheld)
    if missing:
        needs = "; ".join(f"includedData {name} needs the {ROLES[name]} role" for name in missing)
        raise unauthorized(f"Access to requested resource is denied. {needs}, which the application lacks.")
