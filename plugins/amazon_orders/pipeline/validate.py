"""Validate: the candidates' lines checked by the expectation suite; failures recorded.

Lines are streamed from Postgres in purchase order, in chunks of whole orders, so
memory stays flat. Stock goes to candidates in that order: an order takes stock only
when every line passes every other check and every line has enough, so two orders never
both take the last unit and a blocked order takes none.
"""

from __future__ import annotations

import gc
import logging
import math
import tempfile
from collections import Counter
from collections.abc import Iterator
from typing import IO

import numpy as np
import pandas as pd
from psycopg2.extensions import encodings
from psycopg2.extras import Json, execute_values

from amazon_orders import db, runs
from amazon_orders.db import Connection
from amazon_orders.pipeline import suite
from amazon_orders.rules import Channel, Reason
from amazon_orders.settings import ANALYZE_AT_ROWS, VALIDATE_CHUNK_LINES

log = logging.getLogger(__name__)

COLUMNS = [
    "amazon_order_id",
    "order_item_id",
    "action",
    "purchase_date",
    "fulfillment_channel",
    "order_currency",
    "order_total",
    "seller_sku",
    "quantity_ordered",
    "item_price",
    "item_currency",
    "product_id",
    "sku",
    "product_status",
    "stock_id",
    "salable_qty",
    "own_reserved_qty",
    "missing_rate",
    "money_problem",
]
NUMERIC = {
    "order_total",
    "item_price",
    "salable_qty",
    "own_reserved_qty",
    "quantity_ordered",
    "product_id",
    "product_status",
}
_TYPES = {column: "float64" if column in NUMERIC else "object" for column in COLUMNS}
# SQL NULL in the CSV stream, so that an empty string stays an empty string (a text value of
# exactly \N would read as missing, and be blocked as such rather than let through).
_NULL = r"\N"


def _spool_lines(conn: Connection, run_key: str, spool: IO[bytes]) -> None:
    """The run's candidate lines as CSV into `spool` (COPY: far cheaper than row tuples)."""
    with conn.cursor() as cur:
        query = cur.mogrify(
            db.sql("validate/read_candidate_lines"),
            {"run_key": run_key, "money_tolerance": suite.MONEY_TOLERANCE},
        ).decode()
        cur.copy_expert(db.sql("validate/copy_candidate_lines_out").format(query=query, null=_NULL), spool)
    spool.seek(0)


def read_chunks(conn: Connection, run_key: str, chunk_lines: int | None = None) -> Iterator[pd.DataFrame]:
    """The run's candidate lines in purchase order, a chunk of whole orders of about
    `chunk_lines` (VALIDATE_CHUNK_LINES) at a time, read inside the caller's transaction."""
    with tempfile.TemporaryFile() as spool:  # bytes as COPY sends them, decoded by pandas' parser
        _spool_lines(conn, run_key, spool)
        parts = pd.read_csv(
            spool,
            names=COLUMNS,
            dtype=_TYPES,
            na_values=[_NULL],
            keep_default_na=False,
            encoding=encodings[conn.encoding],
            chunksize=chunk_lines or VALIDATE_CHUNK_LINES,
        )
        held: pd.DataFrame | None = None
        for part in parts:
            if held is not None:  # the held part's last order may go on in this one: it moves over
                ids = held["amazon_order_id"].to_numpy()
                cut = int(np.flatnonzero(ids == ids[-1])[0])
                if cut:
                    yield without_lines_canceled_before_import(held.iloc[:cut])
                part = pd.concat([held.iloc[cut:], part], ignore_index=True)
            held = part
        if held is not None and len(held):  # a run without candidates has no chunk at all
            yield without_lines_canceled_before_import(held)


def without_lines_canceled_before_import(lines: pd.DataFrame) -> pd.DataFrame:
    """The lines but those Amazon canceled before import beside live ones (v0 shows them at
    QuantityOrdered 0; the load leaves them off the Commerce order, with a note). An order whose
    every line is at 0 keeps them, and is blocked naming QuantityOrdered."""
    canceled = lines["quantity_ordered"] == 0
    live = (~canceled & lines["quantity_ordered"].notna()).groupby(lines["amazon_order_id"]).transform("any")
    return lines[~(canceled & live)].reset_index(drop=True)


def stock_at_turn(
    lines: pd.DataFrame, blocked: set[str], remaining: dict[tuple[str, str], float]
) -> np.ndarray:
    """Salable stock each merchant-fulfilled line finds at its order's turn, in purchase order,
    in the stock of its store (NaN for a line whose product is sold whatever its quantity).

    `remaining` (salable stock per (stock, SKU) left by earlier orders) is updated as orders
    take stock: orders of two stocks never take each other's units.
    """
    # Plain lists: the walk is a Python loop, and indexing numpy arrays element by element is slow.
    order_ids = lines["amazon_order_id"].tolist()
    keys = list(zip(lines["stock_id"].astype(str).tolist(), lines["sku"].tolist(), strict=True))
    qty = np.nan_to_num(lines["quantity_ordered"].to_numpy()).tolist()
    salable, held = lines["salable_qty"].tolist(), lines["own_reserved_qty"].tolist()
    checked = (
        (lines["fulfillment_channel"] == Channel.MERCHANT)
        & lines["sku"].notna()
        & lines["salable_qty"].notna()
    ).tolist()
    at_turn = [math.nan] * len(order_ids)
    start = 0
    while start < len(order_ids):
        end = start + 1
        while end < len(order_ids) and order_ids[end] == order_ids[start]:
            end += 1
        taken: dict[tuple[str, str], float] = {}
        turn: dict[tuple[str, str], float] = {}
        for i in range(start, end):
            if checked[i]:
                key = keys[i]
                if key not in turn:
                    turn[key] = remaining.setdefault(key, salable[i]) + held[i]
                at_turn[i] = turn[key] - taken.get(key, 0.0)
                taken[key] = taken.get(key, 0.0) + qty[i]
        if turn and order_ids[start] not in blocked and all(taken[k] <= turn[k] for k in taken):
            for key in taken:
                remaining[key] = turn[key] - taken[key]
        start = end
    return np.array(at_turn)


def _detail(line: dict, meta: dict) -> str:
    reason = meta["reason"]
    if reason == Reason.MISSING_CURRENCY_RATE:
        base, _, currency = line["missing_rate"].partition(" to ")
        return (
            f"OrderTotal.CurrencyCode {currency}: no rate from the store's base currency {base} to "
            f"{currency} in commerce.directory_currency_rate; add it (currency_from {base}, currency_to "
            f"{currency})"
        )
    if reason == Reason.NOT_IN_CATALOG:
        return f"SellerSKU {line['seller_sku']} is not matched to a catalog product"
    if reason == Reason.PRODUCT_DISABLED:
        return f"product {line['sku']} is disabled"
    if reason == Reason.OUT_OF_STOCK:
        salable = max(line["stock_at_turn"], 0)
        return f"product {line['sku']}: {line['quantity_ordered']:g} ordered, {salable:g} salable"
    whole_order = meta.get("order_level") or not line["order_item_id"]
    item = "" if whole_order else f"item {line['order_item_id']}: "
    if "detail_column" in meta:
        return f"{item}{line[meta['detail_column']]}"
    return f"{item}{meta['field']} {meta['problem']}"


def _failure_rows(lines: pd.DataFrame, found: list[tuple[int, dict]], run_key: str) -> list[tuple]:
    """validation_failure rows for the failures found in a chunk, each with its detail."""
    if not found:
        return []
    failed = lines.iloc[[position for position, _ in found]].to_dict("records")
    rows = [
        (
            run_key,
            line["amazon_order_id"],
            "" if meta.get("order_level") else line["order_item_id"],
            meta["reason"],
            _detail(line, meta),
        )
        for line, (_, meta) in zip(failed, found, strict=True)
    ]
    return list(dict.fromkeys(rows))  # an order-level failure once, not once per line


def _check_chunk(
    lines: pd.DataFrame, remaining: dict[tuple[str, str], float]
) -> tuple[list[tuple[int, dict]], dict]:
    lines["stock_at_turn"] = np.nan
    line_result = suite.validate(lines, stock=False)
    found = suite.failures(line_result)
    blocked = set(lines["amazon_order_id"].to_numpy()[[position for position, _ in found]])
    lines["stock_at_turn"] = stock_at_turn(lines, blocked, remaining)
    stock_result = suite.validate(lines, stock=True)
    found += suite.failures(stock_result)
    return found, {**suite.statistics(line_result), **suite.statistics(stock_result)}


def _add_statistics(total: dict, chunk: dict) -> None:
    for name, stats in chunk.items():
        if name not in total:
            total[name] = dict(stats)
        else:
            total[name]["success"] = total[name]["success"] and stats["success"]
            for key in ("element_count", "unexpected_count"):
                total[name][key] = (total[name][key] or 0) + (stats[key] or 0)


def validate_candidates(conn: Connection, store_id: int, run_key: str) -> dict:
    """Check the run's candidate lines, record failures per line; return counts by reason.

    Each chunk's failures are written as soon as it is checked (nothing of a chunk outlives
    it, so memory stays flat), all in one transaction with the validation run's summary.
    """
    remaining: dict[tuple[str, str], float] = {}
    statistics: dict = {}
    counts: Counter[str] = Counter()
    checked = 0
    with db.transaction(conn) as cur:
        cur.execute(db.sql("validate/clear_failures"), {"run_key": run_key})
        for lines in read_chunks(conn, run_key):
            found, chunk_statistics = _check_chunk(lines, remaining)
            _add_statistics(statistics, chunk_statistics)
            rows = _failure_rows(lines, found, run_key)
            execute_values(cur, db.sql("validate/insert_failures"), rows, page_size=10_000)
            counts.update(row[3] for row in rows)
            checked += len(lines)
            # Great Expectations' results hold the chunk in reference cycles: free it before the
            # next chunk is read, or chunks pile up until the collector's next full pass.
            del lines, found, rows
            gc.collect()
        cur.execute(
            db.sql("validate/save_validation_run"),
            {
                "run_key": run_key,
                "suite": suite.SUITE_NAME,
                "success": not counts,
                "lines": checked,
                "results": Json(statistics),
            },
        )
    if counts.total() >= ANALYZE_AT_ROWS:
        db.execute(conn, "validate/analyze_failures")
    log.info(
        "run %s: %d candidate lines checked, failures by reason: %s", run_key, checked, dict(counts) or "none"
    )
    runs.add_counts(conn, run_key, store_id, {"checked_lines": checked})
    return {"lines": checked, "failures": dict(counts)}
