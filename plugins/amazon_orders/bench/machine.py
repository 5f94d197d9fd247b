"""How fast this machine is today: a fixed piece of work timed on one core, on two cores at
once, and in Postgres, measured first, so that figures of different days compare. (Shared
2-core machines differ from one day to the next by up to half.)"""

from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing

from amazon_orders import db

WORK = 10_000_000


def _python_seconds(_: int = 0) -> float:
    started = time.perf_counter()
    total = 0
    for number in range(WORK):
        total += number
    return time.perf_counter() - started


def measure(url: str) -> dict:
    one = _python_seconds()
    with ProcessPoolExecutor(2) as pool:  # each process times its own work: their start is apart
        both = max(pool.map(_python_seconds, range(2)))
    with closing(db.connect(url)) as conn:
        started = time.perf_counter()
        db.fetch_one(conn, "bench/count_series", {"n": WORK})
        postgres = time.perf_counter() - started
    return {"python_one_core_seconds": one, "python_two_at_once_seconds": both,
            "cores_available": 2 * one / both, "postgres_count_seconds": postgres}
