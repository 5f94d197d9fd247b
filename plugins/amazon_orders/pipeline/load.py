"""Load: Commerce orders for the candidates that passed, set-based, a transaction per batch.

Each batch locks its Amazon rows, creates the customers, then every order with its money,
items, reservations, addresses, payment, invoice, taxes, Amazon's shipment, grid row, history
and notes in one statement, and checks that no SKU's salable stock went below zero in the
stock its orders reserved from (their store's); only that check and the commit hold the
allocation lock, so batches of several stores load side by side. A concurrent run that
imported an order first, or took the stock, makes this one skip it: exactly one Commerce order
per Amazon order, and stock never below zero.
"""

from __future__ import annotations

import logging
import math
import threading
import uuid
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import pandas as pd
from psycopg2.extras import RealDictCursor, execute_values

from amazon_orders import crashpoints, db, runs
from amazon_orders.db import APPLICATION, PACING_APPLICATION, Connection
from amazon_orders.pipeline.validate import stock_at_turn
from amazon_orders.rules import SQL_CODES, Reason
from amazon_orders.settings import LOAD_BATCH_SIZE, LOAD_WORKERS

log = logging.getLogger(__name__)


def _short_of_stock(cur: RealDictCursor, order_ids: list[str], run_key: str) -> set[str]:
    """Orders of the batch that stock no longer covers, in purchase order; recorded as failures."""
    cur.execute(
        db.sql("load/read_stock_lines"),  # no lines when stock covers all
        {**SQL_CODES, "order_ids": order_ids},
    )
    lines = pd.DataFrame(
        cur.fetchall(),
        columns=[
            "amazon_order_id",
            "order_item_id",
            "fulfillment_channel",
            "quantity_ordered",
            "sku",
            "stock_id",
            "salable_qty",
            "own_reserved_qty",
        ],
    )
    if lines.empty:
        return set()
    for column in ("quantity_ordered", "salable_qty", "own_reserved_qty"):
        lines[column] = lines[column].astype("float64")
    lines["at_turn"] = stock_at_turn(lines, blocked=set(), remaining={})
    short = lines[lines["at_turn"] < lines["quantity_ordered"]]
    execute_values(
        cur,
        db.sql("load/add_stock_failures"),
        [
            (
                run_key,
                r.amazon_order_id,
                r.order_item_id,
                Reason.OUT_OF_STOCK.value,
                f"product {r.sku}: {r.quantity_ordered:g} ordered, {max(r.at_turn, 0):g} salable",
            )
            for r in short.itertuples()
        ],
    )
    return set(short["amazon_order_id"])


def _allocate(
    cur: RealDictCursor, create: list[str], reserve: list[str], run_key: str
) -> set[tuple[int, str]]:
    """Create the orders and reserve the pending ones' stock; return the (stock, SKU) pairs this
    oversold.
    The reservations' trigger takes the allocation lock, so from here to commit one batch
    at a time changes salable stock, and the inserts before it run in parallel."""
    params = {**SQL_CODES, "order_ids": create, "run_key": run_key}
    cur.execute(db.sql("load/create_sales_orders"), params)
    taken = {(row["stock_id"], row["sku"]) for row in cur.fetchall()}
    cur.execute(db.sql("load/release_pending_reservations"), params)
    crashpoints.reached("load:inside_batch")
    cur.execute(db.sql("load/reserve_pending_stock"), {"order_ids": reserve})
    taken |= {(row["stock_id"], row["sku"]) for row in cur.fetchall()}
    pairs = sorted(taken)
    cur.execute(
        db.sql("load/read_oversold_skus"),
        {"stock_ids": [stock for stock, _ in pairs], "skus": [sku for _, sku in pairs]},
    )
    oversold = {(row["stock_id"], row["sku"]) for row in cur.fetchall()}
    if not oversold:  # else undone and done again
        cur.execute(db.sql("load/link_replacement_orders"), params)
    return oversold


def _load_batch(cur: RealDictCursor, batch: list[dict], run_key: str) -> dict[str, int]:
    """Optimistically: create and reserve, then check no SKU went below zero. If one did (another
    run took stock since validation), undo and do it again under the lock, walking the batch in
    purchase order so that only the orders stock no longer covers are left out."""
    cur.execute(db.sql("load/lock_orders"), {"order_ids": [c["amazon_order_id"] for c in batch]})
    open_ids = {row["amazon_order_id"] for row in cur.fetchall()}
    todo = [c for c in batch if c["amazon_order_id"] in open_ids]
    create = [c["amazon_order_id"] for c in todo if c["action"] == "create"]
    reserve = [c["amazon_order_id"] for c in todo if c["action"] == "reserve"]
    # Before the mark: a customer is found again by email, and creating it under the lock
    # could wait on another batch's new customer while that batch waits for the lock. Those
    # of buyers whose orders then go short are removed again.
    cur.execute(db.sql("load/create_customers"), {"order_ids": create})
    customers = [row["entity_id"] for row in cur.fetchall()]
    cur.execute(db.sql("load/begin_allocation"))
    short: set[str] = set()
    if _allocate(cur, create, reserve, run_key):
        cur.execute(db.sql("load/undo_allocation"))
        cur.execute(db.sql("load/lock_allocation"))
        short = _short_of_stock(cur, [c["amazon_order_id"] for c in todo], run_key)
        create = [i for i in create if i not in short]
        reserve = [i for i in reserve if i not in short]
        _allocate(cur, create, reserve, run_key)
        if customers:
            cur.execute(
                db.sql("load/remove_unused_customers"), {"customer_ids": customers, "order_ids": create}
            )
    return {
        "imported": len(create),
        "reserved": len(reserve),
        "out_of_stock": len(short),
        "already_imported": len(batch) - len(todo),
    }


def batch_size(orders: int, workers: int) -> int:
    """One batch up to LOAD_BATCH_SIZE orders (a sync's few hundred load in one transaction, in
    purchase order); past it, about that many a batch, and as many batches as a multiple of the
    workers: they finish together, rather than one worker loading a short last batch while the
    others wait (11,100 orders on 2 workers: 2 batches of 5,550, not 5,000 + 5,000 + 1,100)."""
    if orders <= LOAD_BATCH_SIZE:
        return max(1, orders)
    batches = max(1, round(orders / (LOAD_BATCH_SIZE * workers))) * workers
    return math.ceil(orders / batches)


def _batches(conn: Connection, run_key: str, workers: int) -> Iterator[list[dict]]:
    """The run's importable candidates in purchase order, a batch at a time (memory stays flat)."""
    cur = conn.cursor(name=f"importable_{uuid.uuid4().hex}", withhold=True, cursor_factory=RealDictCursor)
    try:
        cur.execute(db.sql("load/read_importable_orders"), {"run_key": run_key})
        conn.commit()  # a cursor WITH HOLD outlives this transaction; each batch has its own
        first = cur.fetchone()
        if first is None:
            return
        size = batch_size(first["importable"], workers)
        batch = [first, *cur.fetchmany(size - 1)] if size > 1 else [first]
        while batch:
            yield batch
            batch = cur.fetchmany(size)
    finally:
        cur.close()


def _workers(conn: Connection, mine: str) -> int:
    """LOAD_WORKERS while no other run is busy in the database; one when another is (validating,
    loading, reconciling): its cores are shared already, and more connections inserting at once
    only queue for them and for the allocation lock."""
    others = db.fetch_one(
        conn, "load/count_other_runs", {"prefix": APPLICATION, "mine": mine, "pacing": PACING_APPLICATION}
    )["busy"]
    return 1 if others else LOAD_WORKERS


def _loaded(conn: Connection, run_key: str) -> Iterator[dict[str, int]]:
    """Each batch's counts; up to LOAD_WORKERS batches at a time, each worker on a connection
    of its own. Batches are independent transactions: one that fails stops the run after the
    others in flight end, each whole or not at all."""
    worker, opened, name = threading.local(), [], f"{APPLICATION} load {uuid.uuid4().hex[:12]}"

    def load(batch: list[dict]) -> dict[str, int]:
        if not hasattr(worker, "conn"):
            worker.conn = conn.sibling(name)
            opened.append(worker.conn)
        with db.transaction(worker.conn) as cur:
            done = _load_batch(cur, batch, run_key)
        crashpoints.reached("load:between_batches")
        return done

    try:
        with ThreadPoolExecutor(LOAD_WORKERS, thread_name_prefix="load") as pool:
            running: deque[Future[dict[str, int]]] = deque()
            for batch in _batches(conn, run_key, _workers(conn, name)):
                while running and len(running) >= _workers(conn, name):
                    yield running.popleft().result()
                running.append(pool.submit(load, batch))
            while running:
                yield running.popleft().result()
    finally:
        for opened_conn in opened:
            opened_conn.close()


def create_commerce_orders(conn: Connection, store_id: int, run_key: str) -> dict:
    """Create the Commerce orders of the run's importable candidates; return counts."""
    store = db.fetch_one(conn, "extract/read_store", {"store_id": store_id})
    counts = {"imported": 0, "reserved": 0, "out_of_stock": 0, "already_imported": 0}
    for done in _loaded(conn, run_key):
        counts = {k: counts[k] + done[k] for k in counts}
    log.info("store %r: %s", store["name"], ", ".join(f"{k} {v}" for k, v in counts.items()))
    runs.add_counts(conn, run_key, store_id, counts)
    return counts
