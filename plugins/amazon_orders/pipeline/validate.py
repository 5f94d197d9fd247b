"""Validate: the candidates' lines checked by the expectation suite; failures recorded.

Stock goes to candidates in purchase order: an order takes stock only when every line
passes every other check and every line has enough, so two orders never both take the
last unit and a blocked order takes none. The suite runs twice: once to learn which
orders are blocked for other reasons, once with the stock each line has at its turn.
"""

from __future__ import annotations

import logging
from collections import Counter

import pandas as pd
from psycopg2.extras import Json, execute_batch

from amazon_orders import db, runs
from amazon_orders.db import Connection
from amazon_orders.pipeline import suite
from amazon_orders.rules import Channel, Reason

log = logging.getLogger(__name__)


def read_lines(conn: Connection, run_key: str) -> pd.DataFrame:
    rows = db.fetch_all(conn, "validate/read_candidate_lines", {"run_key": run_key})
    frame = pd.DataFrame(rows, columns=[
        "amazon_order_id", "order_item_id", "action", "purchase_date", "fulfillment_channel",
        "order_currency", "order_total", "seller_sku", "quantity_ordered", "item_price", "item_currency",
        "product_id", "sku", "product_status", "salable_qty", "own_reserved_qty"])
    for column in ("order_total", "item_price", "salable_qty", "own_reserved_qty", "quantity_ordered",
                   "product_id", "product_status"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    frame[suite.LINE_KEY] = frame["amazon_order_id"] + "/" + frame["order_item_id"]
    return frame


def stock_at_turn(lines: pd.DataFrame, blocked: set[str]) -> pd.Series:
    """Salable stock each merchant-fulfilled line finds at its order's turn, in purchase order."""
    remaining: dict[str, float] = {}
    at_turn = pd.Series(float("nan"), index=lines.index)
    for order_id, order in lines.groupby("amazon_order_id", sort=False):
        order = order[(order["fulfillment_channel"] == Channel.MERCHANT) & order["sku"].notna()]
        if order.empty:
            continue
        held = order.groupby("sku")["own_reserved_qty"].first()
        turn = {sku: remaining.setdefault(sku, order.loc[order["sku"] == sku, "salable_qty"].iloc[0]) + held[sku]
                for sku in held.index}
        taken: Counter[str] = Counter()
        for index, line in order.iterrows():
            at_turn[index] = turn[line["sku"]] - taken[line["sku"]]
            taken[line["sku"]] += line["quantity_ordered"] if line["quantity_ordered"] == line["quantity_ordered"] else 0
        if order_id not in blocked and all(taken[sku] <= turn[sku] for sku in taken):
            for sku in taken:
                remaining[sku] = turn[sku] - taken[sku]
    return at_turn


def _detail(line: pd.Series, meta: dict) -> str:
    reason = meta["reason"]
    if reason == Reason.NOT_IN_CATALOG:
        return f"SellerSKU {line['seller_sku']} is not matched to a catalog product"
    if reason == Reason.PRODUCT_DISABLED:
        return f"product {line['sku']} is disabled"
    if reason == Reason.OUT_OF_STOCK:
        salable = max(line["stock_at_turn"], 0)
        return f"product {line['sku']}: {line['quantity_ordered']:g} ordered, {salable:g} salable"
    item = f"item {line['order_item_id']}: " if line["order_item_id"] else ""
    return f"{item}{meta['field']} {meta['problem']}"


def validate_candidates(conn: Connection, store_id: int, run_key: str) -> dict:
    """Check the run's candidate lines, record failures per line; return counts by reason."""
    lines = read_lines(conn, run_key)
    failures: list[tuple[str, dict]] = []
    result = None
    if not lines.empty:
        lines["stock_at_turn"] = stock_at_turn(lines, blocked=set())
        first = suite.failures(suite.validate(lines))
        blocked = {key.split("/")[0] for key, meta in first if meta["reason"] != Reason.OUT_OF_STOCK}
        lines["stock_at_turn"] = stock_at_turn(lines, blocked)
        result = suite.validate(lines)
        failures = suite.failures(result)
    by_key = lines.set_index(suite.LINE_KEY) if not lines.empty else lines
    rows = [{"run_key": run_key, "amazon_order_id": by_key.loc[key, "amazon_order_id"],
             "order_item_id": by_key.loc[key, "order_item_id"], "reason": meta["reason"],
             "detail": _detail(by_key.loc[key], meta)} for key, meta in failures]
    with db.transaction(conn) as cur:
        cur.execute(db.sql("validate/clear_failures"), {"run_key": run_key})
        execute_batch(cur, db.sql("validate/insert_failure"), rows)
        cur.execute(db.sql("validate/save_validation_run"), {
            "run_key": run_key, "suite": suite.SUITE_NAME, "success": not failures, "lines": len(lines),
            "results": Json(result.to_json_dict() if result is not None else {})})
    counts = dict(Counter(r["reason"] for r in rows))
    log.info("run %s: %d candidate lines checked, failures by reason: %s", run_key, len(lines), counts or "none")
    runs.add_counts(conn, run_key, store_id, {"checked_lines": len(lines)})
    return {"lines": len(lines), "failures": counts}
