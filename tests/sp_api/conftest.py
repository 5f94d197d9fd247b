"""A real simulator per test, one registered seller, and a client for it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from amazon_orders.sp_api import SpApiClient
from sp_api_simulator import SimulatorControl, running_simulator

from .seller_account import NOW, fast_client, register


@pytest.fixture
def sim_url() -> Iterator[str]:
    with running_simulator(NOW) as url:
        yield url


@pytest.fixture
def control(sim_url: str) -> SimulatorControl:
    control = SimulatorControl(sim_url)
    register(control)
    return control


@pytest.fixture
def client(sim_url: str, control: SimulatorControl) -> SpApiClient:  # noqa: ARG001 - the seller first
    return fast_client(sim_url)
