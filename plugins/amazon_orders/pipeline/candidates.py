"""Select candidates: the orders this run tries to import (or to reserve stock for).

First, where the store matches listings automatically, the Seller SKUs of its orders without
a product are matched by the store's attribute, so that a product added to the catalog is
found at the next sync and its blocked orders import.
"""

from __future__ import annotations

import logging

from amazon_orders import db, runs
from amazon_orders.db import Connection
from amazon_orders.rules import CREATE_AT, RESERVE_WHILE, SQL_CODES, Channel
from amazon_orders.settings import ANALYZE_AT_ROWS

log = logging.getLogger(__name__)


def select_candidates(
    conn: Connection, store_id: int, run_key: str, only_orders: list[str] | None = None
) -> dict:
    """Replace the run's candidate set; `only_orders` narrows it to those Amazon order ids (none if empty)."""
    store = db.fetch_one(conn, "extract/read_store", {"store_id": store_id})
    with db.transaction(conn) as cur:
        matched = []
        if store["listing_match"] != "manual":
            cur.execute(
                db.sql("candidates/match_listings"),
                {**SQL_CODES, "store_id": store_id, "listing_match": store["listing_match"]},
            )
            matched = [row["seller_sku"] for row in cur.fetchall()]
        cur.execute(db.sql("candidates/clear_candidates"), {"run_key": run_key})
        cur.execute(
            db.sql("candidates/insert_candidates"),
            {
                **SQL_CODES,
                "run_key": run_key,
                "store_id": store_id,
                "only_orders": only_orders,
                "merchant_create_at": [s.value for s in CREATE_AT[Channel.MERCHANT]],
                "amazon_create_at": [s.value for s in CREATE_AT[Channel.AMAZON]],
                "reserve_while": [s.value for s in RESERVE_WHILE],
            },
        )
        selected = cur.rowcount
    if selected >= ANALYZE_AT_ROWS:
        db.execute(conn, "candidates/analyze_candidates")
    if matched:
        log.info(
            "run %s: %d listings matched by %s: %s",
            run_key,
            len(matched),
            store["listing_match"],
            ", ".join(sorted(matched)),
        )
    log.info("run %s: %d candidate orders", run_key, selected)
    runs.add_counts(conn, run_key, store_id, {"candidates": selected, "listings_matched": len(matched)})
    return {"candidates": selected, "listings_matched": len(matched)}
