"""Amazon Selling Partner API client (Orders v0 and v2026-01-01, Notifications v1): LWA auth,
retries, paging, pacing, Amazon's clock.

No Airflow here."""

from .auth import Credentials, GrantlessCredentials
from .client import ApiPage, CredentialsRefused, SpApiClient, SpApiError

__all__ = [
    "ApiPage",
    "Credentials",
    "CredentialsRefused",
    "GrantlessCredentials",
    "SpApiClient",
    "SpApiError",
]
