"""Under a storm of faults (30% throttled, 5% 5xx, some timeouts) a multi-store import still ends
with every order present exactly once, and every failed call is in the Communication Errors log."""

from __future__ import annotations

import uuid

from amazon_orders.settings import IMPORT_DAG_ID, TASK_RETRIES
from amazon_orders.sp_api import SpApiError
from amazon_orders.sp_api.model import ORDERS_V0
from tests.views import query
from tests.worlds import listing, order, product, store, world

from .conftest import FAST_RETRIES, stores

STORES = [store(), store("EU Store", seller_id="A2SELLEREU"), store("JP Store", seller_id="A2SELLERJP")]
ORDERS_PER_STORE = 12


def storm_world() -> dict:
    orders = [
        order(
            100 * s + n,
            ("AMZ-MUG", 1),
            store_name=st["name"],
            purchased=f"2026-11-20T10:{n:02d}:00Z",
            BuyerInfo={"BuyerEmail": f"buyer{s}{n}@marketplace.amazon.com", "BuyerName": f"Buyer {s}{n}"},
        )
        for s, st in enumerate(STORES, start=1)
        for n in range(ORDERS_PER_STORE)
    ]
    return world(
        *orders,
        stores=STORES,
        catalog=[product("MUG", qty=1000)],
        listings=[listing("MUG", store_name=st["name"]) for st in STORES],
    )


def import_like_airflow(runner, conn, dag_run_id: str) -> dict[str, int]:
    """One mapped import per store; a store whose task fails is retried like Airflow's task retries."""
    tries: dict[str, int] = {}
    dags = runner.dags.with_client(**FAST_RETRIES | {"timeout": 0.4})
    for st in stores(conn):
        for attempt in range(1, TASK_RETRIES + 2):
            tries[st["name"]] = attempt
            try:
                dags.run_store(IMPORT_DAG_ID, st["store_id"], dag_run_id)
                break
            except SpApiError:
                if attempt == TASK_RETRIES + 1:
                    raise
    return tries


def test_every_order_exactly_once_under_a_fault_mix(world_loaded, conn):
    runner = world_loaded(storm_world(), orders_api=ORDERS_V0)  # its fault counts are v0's calls
    runner.sim.set_fault_mix(
        {"throttle": 0.30, "error500": 0.025, "error503": 0.025, "timeout": 0.03},
        delay_seconds=1.0,
        seed=20261120,
    )
    for _ in range(2):  # two syncs: the second repeats the overlap window under the storm too
        runner.sim.advance(300)
        import_like_airflow(runner, conn, f"storm__{uuid.uuid4()}")
    faults = runner.sim.injected_faults()
    runner.sim.set_fault_mix({})

    expected = {
        f"111-{100 * s + n:07d}-{100 * s + n:07d}" for s in range(1, 4) for n in range(ORDERS_PER_STORE)
    }
    amazon = query(conn, 'SELECT amazon_order_id, count(*) AS n FROM amazon."order" GROUP BY 1')
    assert {r["amazon_order_id"] for r in amazon} == expected
    commerce = query(conn, "SELECT ext_order_id, count(*) AS n FROM commerce.sales_order GROUP BY 1")
    assert {r["ext_order_id"] for r in commerce} == expected
    assert {r["n"] for r in commerce} == {1}
    items = query(conn, "SELECT count(*) AS n FROM amazon.order_item")[0]["n"]
    assert items == len(expected)

    # The storm really blew, and each failed call left one row, naming the store and never a buyer.
    assert faults.get("throttle", 0) >= 10 and faults.get("timeout", 0) >= 1
    logged = query(conn, "SELECT store_id, operation, status, error_code, message FROM amazon.api_call_log")
    assert len(logged) == sum(faults.values())
    assert {r["status"] for r in logged} <= {429, 500, 503, None}
    assert {r["error_code"] for r in logged if r["status"] is None} == {"Timeout"}
    assert len({r["store_id"] for r in logged}) == 3
    buyers = query(conn, 'SELECT buyer_name, buyer_email FROM amazon."order" WHERE buyer_email IS NOT NULL')
    assert len(buyers) == len(expected)  # importing stores asked for a Restricted Data Token
    assert not [
        r
        for r in logged
        for b in buyers
        if b["buyer_email"] in (r["message"] or "") or b["buyer_name"] in (r["message"] or "")
    ]
