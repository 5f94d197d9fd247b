"""`make airflow` stopped the way a service manager stops it: TERM, then KILL 3 seconds later.
Every process it started (API server, scheduler, DAG processor, triggerer, their workers, the
simulator) must be gone by then, or a moment later: the harness outlives make's KILL and ends
its stop (at most SETTLE_SECONDS on a loaded machine)."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import time
from pathlib import Path

import airflow
import pytest

from amazon_orders.settings import PROJECT_HOME
from local_harness.environment import STATE_HOME
from local_harness.ports import free_port

pytestmark = pytest.mark.dagrun

START_TIMEOUT = 240  # seconds: a cold start migrates Airflow's metadata database first
BUSY_SECONDS = 15  # the scheduler starts the unpaused DAGs' first runs in this time
SETTLE_SECONDS = 3  # after the KILL, for the harness's own stop to end what is left


def _carrying(token: str) -> list[int]:
    """Live processes whose environment carries `token` (every descendant inherits it)."""
    needle = f"CLEAN_STOP_TOKEN={token}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and entry.name != str(os.getpid()):
            try:
                if needle in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _state_with_template(tmp_path: Path) -> Path:
    """A state folder of its own (Airflow's home inside it), reusing the migrated metadata template."""
    state = tmp_path / "state"
    state.mkdir()
    template = STATE_HOME / f"airflow-template-{airflow.__version__}"
    if template.exists():
        (state / template.name).symlink_to(template)
    return state


def _wait_for_start(make: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while "Airflow UI:" not in log.read_text(errors="replace"):
        if make.poll() is not None:
            pytest.fail(f"make airflow exited ({make.returncode}):\n{log.read_text()[-3000:]}")
        if time.monotonic() > deadline:
            pytest.fail(f"make airflow did not start in {START_TIMEOUT}s:\n{log.read_text()[-3000:]}")
        time.sleep(1)


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the processes through Linux's /proc")
def test_term_then_kill_leaves_no_process(db_url: str, tmp_path: Path) -> None:
    token = secrets.token_hex(8)
    env = {
        **os.environ,
        "CLEAN_STOP_TOKEN": token,
        "COMMERCE_DB_URL": db_url,
        "AMAZON_ORDERS_STATE": str(_state_with_template(tmp_path)),
    }
    env.pop("SP_API_ENDPOINT", None)  # the simulator is one of the processes to stop
    log = tmp_path / "make-airflow.log"
    with log.open("w") as out:
        make = subprocess.Popen(
            ["make", "--no-print-directory", "airflow", f"PORT={free_port()}"],
            cwd=PROJECT_HOME,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for_start(make, log)
        time.sleep(BUSY_SECONDS)  # as a new user would: the unpaused DAGs' first runs under way
        started = _carrying(token)
        assert len(started) >= 6, f"make, the harness, 4 Airflow components, the simulator: {started}"

        make.send_signal(signal.SIGTERM)  # as systemd does: TERM the main process ...
        time.sleep(3)
        make.kill()  # ... and KILL it 3 seconds later
        make.wait(timeout=10)

        # The harness outlives make's KILL (a child of make, not killed with it) and ends what is left
        # a moment later; on a loaded machine that moment can pass the KILL. A stop that waits on
        # its processes for longer (the old 30 s grace) still fails here.
        deadline = time.monotonic() + SETTLE_SECONDS
        while (left := _carrying(token)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert left == [], f"still running after TERM and KILL: {left}\n{log.read_text()[-2000:]}"
    finally:
        for pid in _carrying(token):
            os.kill(pid, signal.SIGKILL)
