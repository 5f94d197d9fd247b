"""One measured piece of work in a process of its own, so its peak memory is its own.

`python -m local_harness.bench.measure pipeline|per_order DB_URL [RUN_ID [STORE_ID]]` prints
one JSON line; with STORE_ID only that store's pipeline runs (one mapped task group's work).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from contextlib import closing

from amazon_orders import db
from amazon_orders.pipeline import candidates, load, record, suite, validate
from local_harness.bench import per_order


def pipeline(conn: db.Connection, run_id: str, store_ids: list[int]) -> dict:
    """candidates + validate + load + record for each store (no API calls)."""
    imported = 0
    for store_id in store_ids:
        store = {"store_id": store_id}
        key = f"{run_id}/store-{store_id}"
        candidates.select_candidates(conn, store["store_id"], key)
        validate.validate_candidates(conn, store["store_id"], key)
        imported += load.create_commerce_orders(conn, store["store_id"], key)["imported"]
        record.record_blockers(conn, store["store_id"], key)
    return {"imported": imported}


def main() -> None:
    kind, url = sys.argv[1], sys.argv[2]
    run_id = sys.argv[3] if len(sys.argv) > 3 else "bench"
    if kind == "pipeline":
        suite.prepare()  # the task process's one-time start (Great Expectations' import), timed apart
    with closing(db.connect(url)) as conn:
        stores = (
            [int(sys.argv[4])]
            if len(sys.argv) > 4
            else [s["store_id"] for s in db.fetch_all(conn, "extract/list_stores")]
        )
        began, started = time.time(), time.perf_counter()
        outcome = (
            pipeline(conn, run_id, stores) if kind == "pipeline" else {"imported": per_order.import_all(conn)}
        )
        seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {**outcome, "seconds": seconds, "began": began, "ended": began + seconds, "peak_rss_mb": peak_mb}
        )
    )


if __name__ == "__main__":
    main()
