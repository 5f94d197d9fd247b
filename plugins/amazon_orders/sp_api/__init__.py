"""Amazon Selling Partner API (Orders v0) client: LWA auth, retries, paging, pacing, Amazon's clock.

No Airflow here."""

from .auth import Credentials
from .client import ApiPage, CredentialsRefused, SpApiClient, SpApiError

__all__ = ["ApiPage", "Credentials", "CredentialsRefused", "SpApiClient", "SpApiError"]
