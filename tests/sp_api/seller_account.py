"""A simulated seller account for the client tests: credentials, orders, and a fast-retrying client."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from amazon_orders.sp_api import Credentials, SpApiClient
from sp_api_simulator import SimulatorControl
from sp_api_simulator.sample_orders import SampleOrder, sample_order

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
SELLER = "A1SELLERONE"
MARKETPLACE = "ATVPDKIKX0DER"
CREDENTIALS = Credentials(
    client_id="amzn1.application-oa2-client.test",
    client_secret="amzn1.oa2-cs.v1.very-secret",
    refresh_token="Atzr|IwEBIrefresh-token-never-logged",
)


def register(
    control: SimulatorControl, credentials: Credentials = CREDENTIALS, seller_id: str = SELLER
) -> None:
    control.add_seller(seller_id, credentials.refresh_token, credentials.client_id, credentials.client_secret)


def fast_client(base_url: str, credentials: Credentials = CREDENTIALS, **options: Any) -> SpApiClient:
    """Retries in milliseconds, so fault tests stay fast."""
    settings: dict[str, Any] = {"backoff_base": 0.01, "backoff_max": 0.05, "timeout": 5}
    return SpApiClient(base_url, base_url, credentials, **(settings | options))


def add_orders(
    control: SimulatorControl, count: int, *, minutes_ago: float = 30, **kw: Any
) -> list[SampleOrder]:
    samples = [sample_order(n, NOW - timedelta(minutes=minutes_ago), **kw) for n in range(count)]
    for sample in samples:
        control.put_order(SELLER, sample.order, sample.items)
    return samples
