"""Incremental correctness, by property: random order histories (creations, status changes, updates
that show late, faults) over many syncs; the Amazon orders table ends equal to the simulator's truth,
and no Commerce order is ever duplicated.

Each example gets fresh schemas, a reset simulator and a visibility lag of up to 10 minutes: the
watermark overlap (10 minutes) plus the two-minute rule must cover it, so no update is ever missed.
A lag beyond that does lose updates: the last test shows the bound is real.
"""

from __future__ import annotations

import uuid
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amazon_orders import db
from amazon_orders.migrate import reset
from amazon_orders.settings import (
    IMPORT_DAG_ID,
    RECONCILIATION_DAG_ID,
    RESWEEPS,
    SYNC_INTERVAL,
    WATERMARK_OVERLAP,
)
from amazon_orders.sp_api.model import LWA_TOKEN_PATH, ORDERS_2026, ORDERS_V0
from amazon_orders.sp_api.model.timestamps import format_amazon_time, parse_amazon_time
from local_harness.scenario import load_scenario
from local_harness.scenario.runner import ScenarioRunner
from tests.views import query
from tests.worlds import listing, product, store, world

from .conftest import FAST_RETRIES

MARKETPLACE = "ATVPDKIKX0DER"
STATUSES = ["Pending", "Unshipped", "PartiallyShipped", "Shipped", "Canceled"]
FAULTS = ["throttle", "error500", "error503", "timeout", "malformed", "truncated"]
OPERATIONS = ["getOrders", "getOrderItems"]

create = st.tuples(st.just("create"), st.sampled_from(["Pending", "Unshipped"]), st.integers(1, 3))
change = st.tuples(st.just("change"), st.sampled_from(STATUSES), st.integers(0, 50))
fault = st.tuples(st.just("fault"), st.sampled_from(FAULTS), st.sampled_from(OPERATIONS))
wait = st.tuples(st.just("wait"), st.integers(1, 9), st.just(0))
sync = st.tuples(st.just("sync"), st.booleans(), st.just(0))  # True: a full import, not only extract
history = st.lists(
    st.one_of(create, create, change, change, fault, wait, sync, sync), min_size=4, max_size=22
)


def new_order(number: int, status: str, lines: int, now) -> tuple[dict, list[dict]]:
    order_id = f"112-{number:07d}-{number:07d}"
    stamp = format_amazon_time(now)
    order = {
        "AmazonOrderId": order_id,
        "PurchaseDate": stamp,
        "LastUpdateDate": stamp,
        "OrderStatus": status,
        "FulfillmentChannel": "MFN",
        "MarketplaceId": MARKETPLACE,
        "OrderTotal": {"CurrencyCode": "USD", "Amount": f"{10 * lines:.2f}"},
        "BuyerInfo": {"BuyerEmail": f"b{number}@marketplace.amazon.com", "BuyerName": f"Buyer {number}"},
    }
    items = [
        {
            "OrderItemId": f"{number:07d}{i:07d}",
            "ASIN": "B0TEST0001",
            "SellerSKU": "AMZ-MUG",
            "QuantityOrdered": 1,
            "ItemPrice": {"CurrencyCode": "USD", "Amount": "10.00"},
        }
        for i in range(1, lines + 1)
    ]
    return order, items


class History:
    """One example's world: a store, a simulator with a lag, and the syncs the pipeline ran."""

    def __init__(
        self, db_url: str, sim_url: str, folder: Path, lag: int, orders_api: str = ORDERS_2026
    ) -> None:
        reset(db_url)
        path = folder / f"{uuid.uuid4()}.yaml"
        path.write_text(
            yaml.safe_dump(
                world(stores=[store()], catalog=[product("MUG", qty=10_000)], listings=[listing("MUG")])
            )
        )
        self.runner = ScenarioRunner(
            load_scenario(path),
            db_url,
            sim_url,
            sim_url + LWA_TOKEN_PATH,
            in_process=True,
            orders_api=orders_api,
        )
        self.orders_api = orders_api
        self.sim = self.runner.sim
        self.sim.reset()
        self.sim.settings(visibility_lag_seconds=lag)
        self.runner.load()
        self.db_url = db_url
        self.orders: list[str] = []
        self.created = 0

    def apply(self, step: tuple) -> None:
        kind, a, b = step
        if kind == "create":
            self.created += 1
            order, items = new_order(len(self.orders) + 1, a, b, self.sim.now())
            self.sim.put_order("A2SELLERUS", order, items)
            self.orders.append(order["AmazonOrderId"])
        elif kind == "change" and self.orders:
            self.sim.set_status(self.orders[b % len(self.orders)], a)
        elif kind == "fault":
            self.sim.inject_fault(b, a, delay_seconds=0.4)
        elif kind == "wait":
            self.sim.advance(a * 60)
        elif kind == "sync":
            self.sync(full=a)

    def sync(self, full: bool = False) -> None:
        self.sim.advance(SYNC_INTERVAL.total_seconds())
        dags = self.runner.dags.with_client(**FAST_RETRIES | {"timeout": 0.25, "max_attempts": 8})
        dag_id = IMPORT_DAG_ID if full else RECONCILIATION_DAG_ID  # both extract; the import imports
        dags.dags_test(dag_id, dag_run_id=f"property__{uuid.uuid4()}")

    def settle(self, lag: int) -> None:
        """Time passes beyond the lag, then two ordinary syncs (the second a full import). On v2026 a
        lag beyond the overlap waits, too, for the narrowest re-sweep that reaches back over it."""
        search = "searchOrders" if self.orders_api == ORDERS_2026 else "getOrders"
        self.sim.inject_fault(search, "throttle")  # one more fault on the way, harmless
        wait = timedelta(seconds=lag)
        if self.orders_api == ORDERS_2026 and wait > WATERMARK_OVERLAP:
            sweep = min((r for r in RESWEEPS if r.reach >= wait + r.every), key=lambda r: r.reach)
            wait = max(wait, sweep.every)
        self.sim.advance(wait.total_seconds())
        self.sync()
        self.sync(full=True)


def assert_equal_to_truth(conn, sim) -> None:
    truth = {o["order"]["AmazonOrderId"]: o for o in sim.orders()}
    stored = {
        r["amazon_order_id"]: r
        for r in query(
            conn,
            "SELECT amazon_order_id, order_status, last_update_date, api_version, payload "
            'FROM amazon."order"',
        )
    }
    assert stored.keys() == truth.keys()
    for order_id, row in stored.items():
        pending = truth[order_id]["order"]["OrderStatus"] in ("Pending", "PendingAvailability")
        if row["api_version"] == ORDERS_V0 and not pending:  # v0's copy is Amazon's Order as it is
            assert row["payload"] == truth[order_id]["order"], order_id  # (Pending ones come without prices)
        assert row["last_update_date"] == parse_amazon_time(truth[order_id]["order"]["LastUpdateDate"]), (
            order_id
        )
        assert row["order_status"] == truth[order_id]["order"]["OrderStatus"]
    items = query(conn, "SELECT amazon_order_id, order_item_id, payload FROM amazon.order_item")
    assert {(r["amazon_order_id"], r["order_item_id"]) for r in items} == {
        (oid, i["OrderItemId"]) for oid, o in truth.items() for i in o["items"]
    }
    commerce = query(conn, "SELECT ext_order_id, count(*) AS n FROM commerce.sales_order GROUP BY 1")
    assert all(r["n"] == 1 for r in commerce)
    created = {r["ext_order_id"] for r in commerce}
    assert created <= truth.keys()
    importable = {
        oid
        for oid, o in truth.items()
        if o["order"]["OrderStatus"] in ("Unshipped", "PartiallyShipped", "Shipped")
    }
    assert importable <= created


@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=history, lag=st.sampled_from([0, 60, 300, 600]))
@pytest.mark.parametrize("orders_api", [ORDERS_V0, ORDERS_2026])
def test_the_orders_table_ends_equal_to_amazons_truth(
    orders_api, steps, lag, test_database_url, sim_url, tmp_path_factory
):
    example = History(test_database_url, sim_url, tmp_path_factory.mktemp("history"), lag, orders_api)
    for step in steps:
        example.apply(step)
    example.settle(lag)
    with closing(db.connect(test_database_url)) as conn:
        assert_equal_to_truth(conn, example.sim)
        log = query(conn, "SELECT count(*) AS n FROM amazon.api_call_log")[0]["n"]
    assert log >= 1  # at least the settling throttle


# v2026's walks re-sweep further back now and then: lags up to the widest re-sweep are caught.
WIDEST = max(RESWEEPS, key=lambda r: r.reach)


@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=history,
    lag=st.sampled_from([600, 2 * 3600, 4 * 3600, int((WIDEST.reach - WIDEST.every).total_seconds())]),
)
def test_on_v2026_lags_up_to_the_widest_resweep_end_equal_to_amazons_truth(
    steps, lag, test_database_url, sim_url, tmp_path_factory
):
    example = History(test_database_url, sim_url, tmp_path_factory.mktemp("history"), lag, ORDERS_2026)
    for step in steps:
        example.apply(step)
    example.settle(lag)
    with closing(db.connect(test_database_url)) as conn:
        assert_equal_to_truth(conn, example.sim)


def test_a_lag_beyond_the_overlap_loses_an_update_on_v0(test_database_url, sim_url, tmp_path):
    """The bound is real: an update that shows later than overlap + 2 minutes falls behind the watermark."""
    lag = int((WATERMARK_OVERLAP + timedelta(minutes=6)).total_seconds())
    example = History(test_database_url, sim_url, tmp_path, lag, ORDERS_V0)
    example.apply(("create", "Unshipped", 1))
    example.sim.advance(lag)
    example.sync()
    example.apply(("change", "Shipped", 0))
    for _ in range(4):
        example.sync()
    with closing(db.connect(test_database_url)) as conn:
        with pytest.raises(AssertionError):
            assert_equal_to_truth(conn, example.sim)
        [row] = query(conn, 'SELECT order_status FROM amazon."order"')
    assert row["order_status"] == "Unshipped"


def test_a_lag_beyond_the_overlap_is_caught_by_the_next_resweep_on_v2026(
    test_database_url, sim_url, tmp_path
):
    """v2026 walks reach back further now and then (settings.RESWEEPS): the update the overlap misses
    is caught by the hourly re-sweep, within its reach."""
    hourly = next(r for r in RESWEEPS if r.name == "hourly")
    lag = int((WATERMARK_OVERLAP + timedelta(minutes=6)).total_seconds())
    example = History(test_database_url, sim_url, tmp_path, lag, ORDERS_2026)
    example.apply(("create", "Unshipped", 1))
    example.sim.advance(lag)
    example.sync()  # the first walk has every re-sweep: none is due for an hour now
    example.apply(("change", "Shipped", 0))
    for _ in range(4):
        example.sync()
    with closing(db.connect(test_database_url)) as conn:
        [row] = query(conn, 'SELECT order_status FROM amazon."order"')
        assert row["order_status"] == "Unshipped"  # behind the overlap, as on v0
        example.sim.advance(hourly.every.total_seconds())
        example.sync(full=True)
        assert_equal_to_truth(conn, example.sim)
