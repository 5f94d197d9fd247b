"""A local SQS server (moto's) and a simulator that notifies into it, per test; the `amazon_sp_api`
connection to that simulator for one seller, as the setup command reads it."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from local_harness.sqs import LocalSqs, Queue, running_sqs
from sp_api_simulator import SimulatorControl, running_simulator
from sp_api_simulator.notifier import Notifier
from tests.sp_api.seller_account import CREDENTIALS, NOW, SELLER, register


@pytest.fixture
def sqs() -> Iterator[LocalSqs]:
    with running_sqs() as local:
        yield local


@pytest.fixture
def queue(sqs: LocalSqs) -> Queue:
    return sqs.create_queue("amazon-order-changes")


@pytest.fixture
def notifier(sqs: LocalSqs) -> Notifier:
    return Notifier(sqs.endpoint)


@pytest.fixture
def sim_url(notifier: Notifier) -> Iterator[str]:
    with running_simulator(NOW, notifier=notifier) as url:
        yield url


@pytest.fixture
def control(sim_url: str) -> SimulatorControl:
    control = SimulatorControl(sim_url)
    register(control)
    return control


@pytest.fixture
def sp_api_connection(sim_url: str, control: SimulatorControl, monkeypatch: pytest.MonkeyPatch) -> dict:  # noqa: ARG001
    document = {
        "conn_type": "http",
        "host": sim_url,
        "login": CREDENTIALS.client_id,
        "password": CREDENTIALS.client_secret,
        "extra": {
            "lwa_endpoint": sim_url,
            "refresh_tokens": {SELLER: CREDENTIALS.refresh_token},
            "pacing_scale": 0,
            "client": {"backoff_base": 0.01, "backoff_max": 0.05, "timeout": 5},
        },
    }
    monkeypatch.setenv("AIRFLOW_CONN_AMAZON_SP_API", json.dumps(document))
    return document


def notification_ids(messages: list[dict]) -> list[str]:
    return [m["NotificationMetadata"]["NotificationId"] for m in messages]


def order_changes(sqs: LocalSqs, queue: Queue, expected: int, timeout: float = 10) -> list[dict]:
    """The ORDER_CHANGE messages in the queue, waiting until `expected` came (or the timeout)."""
    import time

    found: list[dict] = []
    deadline = time.monotonic() + timeout
    while len(found) < expected and time.monotonic() < deadline:
        found += sqs.receive(queue, wait_seconds=1)
    return found


def json_of(messages: list[dict]) -> str:
    return json.dumps(messages, indent=1)
