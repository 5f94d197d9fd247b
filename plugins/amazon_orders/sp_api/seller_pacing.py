"""Pacing shared by every process calling Amazon for one seller: the buckets live in Postgres.

Amazon's usage plans are per seller and operation. Each task's client used to pace itself at
the full rate, so two stores of one seller (or the import and reconcile DAGs) extracting at
once asked for twice the plan and met 429s. `SellerPacer` takes each request's token from
the seller's row in `amazon.seller_rate_bucket` (one short autocommit statement on a
connection of its own, never inside the task's transaction), on any worker.
"""

from __future__ import annotations

from collections.abc import Callable

from amazon_orders import db
from amazon_orders.db import Connection
from amazon_orders.sp_api.model import UsagePlan
from amazon_orders.sp_api.pacing import Pacer


class SellerPacer(Pacer):
    """A Pacer whose buckets are the seller's rows; `connect` opens its connection when first needed."""

    def __init__(
        self,
        connect: Callable[[], Connection],
        seller_id: str,
        plans: dict[str, UsagePlan],
        scale: float = 0.0,
    ) -> None:
        super().__init__(plans, scale)
        self._connect = connect
        self._conn: Connection | None = None
        self.seller_id = seller_id

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _take(self, operation: str, rate: float, burst: float) -> float:
        key = {"seller_id": self.seller_id, "operation": operation, "rate": rate, "burst": burst}
        return float(db.fetch_one(self._connection(), "pacing/take_request_token", key)["wait_seconds"])

    def _empty(self, operation: str) -> None:
        db.execute(
            self._connection(), "pacing/empty_bucket", {"seller_id": self.seller_id, "operation": operation}
        )

    def _connection(self) -> Connection:
        if self._conn is None or self._conn.closed:
            self._conn = self._connect()
            self._conn.autocommit = True  # a token taken is taken: no transaction holds the row
        return self._conn
