"""A real simulator per test on a free loopback port, with one registered seller."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sp_api_simulator import SimulatorControl, running_simulator

from .amazon_calls import NOW, REFRESH_TOKEN, SELLER, AmazonCaller, caller_for


@pytest.fixture
def sim_url() -> Iterator[str]:
    with running_simulator(NOW) as url:
        yield url


@pytest.fixture
def control(sim_url: str) -> SimulatorControl:
    return SimulatorControl(sim_url)


@pytest.fixture
def seller(sim_url: str, control: SimulatorControl) -> AmazonCaller:
    return caller_for(sim_url, control, SELLER, REFRESH_TOKEN)
