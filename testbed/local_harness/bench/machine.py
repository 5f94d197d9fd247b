"""How fast this machine is today, measured first so that figures of different days compare
(shared 2-core machines differ from one day to the next by up to half): fixed work on one
core, on two at once, in Postgres (CPU only), and a memory copy."""

from __future__ import annotations

import math
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing

from amazon_orders import db

WORK = 10_000_000


def _python_seconds(_: int = 0) -> float:
    """The best of three: the least another tenant of the machine added."""
    best = math.inf
    for _ in range(3):
        started = time.perf_counter()
        total = 0
        for number in range(WORK):
            total += number
        best = min(best, time.perf_counter() - started)
    return best


def _memory_copy_gb_per_s() -> float:
    """Copying 256 MB from one array into another already touched (no page faults)."""
    import numpy as np

    source = np.ones(32_000_000)
    target = np.empty_like(source)
    np.copyto(target, source)
    started = time.perf_counter()
    for _ in range(5):
        np.copyto(target, source)
    return 5 * source.nbytes / (time.perf_counter() - started) / 1e9


def measure(url: str) -> dict:
    # The work runs in child processes: this one's memory stays small, and the processes it
    # starts later to measure the pipeline inherit its peak as their own (Linux keeps it across exec).
    with ProcessPoolExecutor(2) as pool:
        one = pool.submit(_python_seconds).result()
        both = max(pool.map(_python_seconds, range(2)))
        memory = pool.submit(_memory_copy_gb_per_s).result()
    with closing(db.connect(url)) as conn:
        started = time.perf_counter()
        db.fetch_one(conn, "bench/sum_series", {"n": WORK})
        postgres = time.perf_counter() - started
    return figures(one, both, postgres, memory)


def figures(one: float, both: float, postgres: float, memory: float) -> dict:
    """The machine's figures from what was measured: the seconds of the fixed work on one core
    and on two at once (the slower), Postgres's seconds, and the memory copy's GB/s."""
    return {
        "python_one_core_seconds": one,
        "python_two_at_once_seconds": both,
        "cores_available": 2 * one / both,
        "postgres_sum_seconds": postgres,
        "memory_copy_gb_per_s": memory,
    }
