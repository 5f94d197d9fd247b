"""python -m sp_api_simulator, as the demo starts it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator

import pytest
import requests

from local_harness.environment import IMPORT_PATH


@pytest.fixture
def simulator_process() -> Iterator[subprocess.Popen[str]]:
    env = os.environ | {"PYTHONPATH": IMPORT_PATH}
    command = [
        sys.executable,
        "-m",
        "sp_api_simulator",
        "--port",
        "0",
        "--now",
        "2026-11-20T12:00:00Z",
        "--visibility-lag-seconds",
        "90",
        "--next-token-lifetime-seconds",
        "45",
        "--pending-minutes",
        "30",
        "--contract-check",
    ]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        yield process
    finally:
        process.terminate()
        process.wait(10)


def test_prints_its_url_then_serves_at_the_given_now(simulator_process: subprocess.Popen[str]) -> None:
    assert simulator_process.stdout is not None
    line = simulator_process.stdout.readline()
    match = re.fullmatch(r"simulator listening on (http://127\.0\.0\.1:(\d+))\n", line)
    assert match, line
    assert int(match[2]) > 0
    answer = requests.get(f"{match[1]}/_sim/clock", timeout=10)
    assert answer.json() == {"now": "2026-11-20T12:00:00Z"}
    assert answer.headers["Date"] == "Fri, 20 Nov 2026 12:00:00 GMT"
    settings = requests.post(f"{match[1]}/_sim/settings", json={}, timeout=10).json()
    assert settings == {
        "visibility_lag_seconds": 90,
        "next_token_lifetime_seconds": 45,
        "pending_minutes": 30,
        "afn_ship_minutes": 0,
    }
    assert requests.get(f"{match[1]}/_sim/contract", timeout=10).json() == {
        "contract": {"checked": 0, "violations": []}
    }


def test_refuses_a_bad_now() -> None:
    env = os.environ | {"PYTHONPATH": IMPORT_PATH}
    command = [sys.executable, "-m", "sp_api_simulator", "--port", "0", "--now", "soon"]
    finished = subprocess.run(command, env=env, capture_output=True, text=True, timeout=30)
    assert finished.returncode == 2
    assert "ISO 8601" in finished.stderr
