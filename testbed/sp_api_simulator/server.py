"""Serving the simulator: in a background thread for tests, or in the foreground from the CLI."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

import uvicorn

from .app import create_app
from .notifier import Notifier
from .paging import DEFAULT_TOKEN_LIFETIME
from .state import DEFAULT_ITEMS_PAGE_SIZE, Simulator

STARTUP_TIMEOUT = 10.0


def listening_socket(host: str, port: int) -> socket.socket:
    """Bound and listening before uvicorn starts, so port 0 is resolved and early clients queue."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    return sock


def uvicorn_server(sim: Simulator, log_level: str = "warning") -> uvicorn.Server:
    config = uvicorn.Config(
        create_app(sim),
        log_level=log_level,
        date_header=False,  # the app stamps Date with the simulated clock
        server_header=False,
        lifespan="off",
        timeout_graceful_shutdown=1,
    )
    return uvicorn.Server(config)


def base_url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


@contextmanager
def running_simulator(
    now: datetime | None = None,
    *,
    rate_scale: float = 0.0,
    items_page_size: int = DEFAULT_ITEMS_PAGE_SIZE,
    visibility_lag: timedelta = timedelta(0),
    next_token_lifetime: timedelta = DEFAULT_TOKEN_LIFETIME,
    contract_check: bool = True,
    notifier: Notifier | None = None,
) -> Iterator[str]:
    """A fresh simulator on a free loopback port, served by a background thread; yields its base URL.

    With contract_check (the default here, for tests) every request and answer is checked against
    Amazon's models, and leaving the block raises if any broke them, so no test can pass on a simulator
    that drifted from Amazon or a client that sent what Amazon would refuse. `notifier`: where and
    how ORDER_CHANGE notifications go (an SQS endpoint; none by default).
    """
    sim = Simulator.create(
        now,
        rate_scale=rate_scale,
        items_page_size=items_page_size,
        visibility_lag=visibility_lag,
        next_token_lifetime=next_token_lifetime,
        contract_check=contract_check,
        notifier=notifier,
    )
    server = uvicorn_server(sim)
    sock = listening_socket("127.0.0.1", 0)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="sp-api-simulator", daemon=True
    )
    thread.start()
    try:
        _wait_started(server, thread)
        yield base_url(sock)
    finally:
        server.should_exit = True
        thread.join(STARTUP_TIMEOUT)
        sock.close()
    if sim.contract is not None and sim.contract.violations:
        shown = "\n  ".join(sim.contract.violations[:20])
        raise ContractViolation(f"{len(sim.contract.violations)} SP-API contract violation(s):\n  {shown}")


class ContractViolation(AssertionError):
    """Traffic that Amazon's models do not allow went through the simulator."""


def _wait_started(server: uvicorn.Server, thread: threading.Thread) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the SP-API simulator did not start")
        time.sleep(0.005)
