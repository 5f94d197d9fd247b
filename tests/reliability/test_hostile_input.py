"""Random and hostile input: SP-API payloads through the pipeline, scenario files through
the loader, control requests to the simulator. Each order is imported whole or blocked
naming the field; the others go on; nothing is half-written; hostile text stays text."""

from __future__ import annotations

import itertools
import json

import pytest
import requests
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amazon_orders import db
from amazon_orders.pipeline import candidates, load, payload, record, validate
from local_harness.scenario import ScenarioError, load_scenario
from tests.views import query
from tests.worlds import listing, product, world

NUMBERS = itertools.count(1)
TEXT = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=300)
HOSTILE = st.one_of(
    TEXT,
    st.none(),
    st.integers(),
    st.floats(allow_nan=True),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
    st.sampled_from(["'; DROP TABLE amazon.store; --", "Robert'); --", "𝕌𝕟𝕚𝕔𝕠𝕕𝕖 ☃" * 40]),
)
MONEY = st.one_of(
    st.fixed_dictionaries(
        {
            "CurrencyCode": st.sampled_from(["USD", "EUR"]),
            "Amount": st.sampled_from(["10.00", "-5.00", "1e400", "abc", "99999999999999"]),
        }
    ),
    HOSTILE,
)
ITEM = st.fixed_dictionaries(
    {
        "OrderItemId": st.sampled_from(["A1", "A2", "A3"]),  # duplicates on purpose
        "SellerSKU": st.one_of(st.just("AMZ-MUG"), st.just("AMZ-UNKNOWN"), HOSTILE),
        "QuantityOrdered": st.one_of(st.integers(-3, 20), st.integers(10**9, 10**12), HOSTILE),
        "ItemPrice": MONEY,
        "ASIN": HOSTILE,
    }
)
ORDER = st.fixed_dictionaries(
    {
        "PurchaseDate": st.one_of(st.just("2026-11-20T10:00:00Z"), st.just("9999-12-31T23:59:59Z"), HOSTILE),
        "LastUpdateDate": st.just("2026-11-20T10:00:00Z"),
        "OrderStatus": st.one_of(st.sampled_from(["Unshipped", "Shipped", "Pending", "Canceled"]), HOSTILE),
        "FulfillmentChannel": st.one_of(st.sampled_from(["MFN", "AFN"]), HOSTILE),
        "OrderTotal": MONEY,
        "BuyerInfo": st.one_of(st.fixed_dictionaries({"BuyerName": HOSTILE, "BuyerEmail": HOSTILE}), HOSTILE),
        "ShippingAddress": st.one_of(st.fixed_dictionaries({"Name": HOSTILE, "City": HOSTILE}), HOSTILE),
    }
)


def good_order(number: int) -> tuple[dict, list[dict]]:
    order_id = f"111-{number:07d}-0000000"
    return (
        {
            "AmazonOrderId": order_id,
            "PurchaseDate": "2026-11-20T10:00:00Z",
            "LastUpdateDate": "2026-11-20T10:00:00Z",
            "OrderStatus": "Unshipped",
            "FulfillmentChannel": "MFN",
            "OrderTotal": {"CurrencyCode": "USD", "Amount": "10.00"},
        },
        [
            {
                "OrderItemId": "G1",
                "ASIN": "B0",
                "SellerSKU": "AMZ-MUG",
                "QuantityOrdered": 1,
                "ItemPrice": {"CurrencyCode": "USD", "Amount": "10.00"},
            }
        ],
    )


def store_as_extract_would(conn: db.Connection, orders: list[tuple[dict, list[dict]]]) -> None:
    with db.transaction(conn) as cur:
        for order, items in orders:
            cur.execute(db.sql("extract/upsert_order"), payload.order_row(1, order, buyer_data=True))
            for item in items:
                cur.execute(
                    db.sql("extract/upsert_order_item"), payload.item_row(order["AmazonOrderId"], item)
                )


@pytest.fixture
def mug_world(play):
    return play(world(catalog=[product("MUG", qty=10**6)], listings=[listing("MUG")], steps=[]))


@pytest.mark.usefixtures("mug_world")
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(hostile=st.lists(st.tuples(ORDER, st.lists(ITEM, max_size=4)), min_size=1, max_size=4))
def test_hostile_orders_are_imported_whole_or_blocked(conn, hostile):
    run = next(NUMBERS)
    control = good_order(run)
    orders = [
        ({**order, "AmazonOrderId": f"222-{run:07d}-{i:07d}"}, items)
        for i, (order, items) in enumerate(hostile)
    ]
    store_as_extract_would(conn, [*orders, control])
    key = f"hostile__{run}/store-1"
    candidates.select_candidates(conn, 1, key)
    validate.validate_candidates(conn, 1, key)
    load.create_commerce_orders(conn, 1, key)
    record.record_blockers(conn, 1, key)
    ids = [o["AmazonOrderId"] for o, _ in orders] + [control[0]["AmazonOrderId"]]
    rows = query(
        conn,
        """
        SELECT o.amazon_order_id, c.amazon_order_id IS NOT NULL AS candidate, o.commerce_order_id,
               (SELECT count(*) FROM amazon.order_item i
                 WHERE i.amazon_order_id = o.amazon_order_id) AS lines,
               (SELECT count(*) FROM commerce.sales_order_item s
                 WHERE s.order_id = o.commerce_order_id) AS imported,
               (SELECT string_agg(reason || ': ' || detail, '; ') FROM amazon.open_blockers b
                 WHERE b.amazon_order_id = o.amazon_order_id) AS blocked
        FROM amazon."order" o LEFT JOIN amazon.import_candidate c ON c.amazon_order_id = o.amazon_order_id
             AND c.run_key = %s
        WHERE o.amazon_order_id = ANY (%s)""",
        (key, ids),
    )
    by_id = {r["amazon_order_id"]: r for r in rows}
    assert by_id[control[0]["AmazonOrderId"]]["commerce_order_id"] is not None  # the others go on
    for row in rows:
        if row["commerce_order_id"] is not None:
            assert row["imported"] == row["lines"] > 0  # whole, never half
            assert row["blocked"] is None
        elif row["candidate"] and row["blocked"] is None:
            pytest.fail(f"{row['amazon_order_id']}: candidate neither imported nor blocked")
        if row["blocked"] and "INVALID_ORDER_DATA" in row["blocked"]:
            assert any(
                field in row["blocked"]
                for field in (
                    "OrderItems",
                    "PurchaseDate",
                    "FulfillmentChannel",
                    "SellerSKU",
                    "QuantityOrdered",
                    "OrderTotal",
                    "ItemPrice",
                )
            )


@pytest.mark.usefixtures("mug_world")
def test_hostile_text_is_stored_as_text(conn):
    evil = "x'); DROP TABLE commerce.sales_order; --"
    order, items = good_order(999_999)
    order["BuyerInfo"] = {"BuyerName": evil, "BuyerEmail": evil}
    items[0]["SellerSKU"] = evil
    store_as_extract_would(conn, [(order, items)])
    stored = query(
        conn, 'SELECT buyer_name FROM amazon."order" WHERE amazon_order_id = %s', (order["AmazonOrderId"],)
    )
    assert stored == [{"buyer_name": evil}]
    assert query(conn, "SELECT seller_sku FROM amazon.order_item")[0]["seller_sku"] == evil
    assert (
        query(conn, "SELECT count(*) AS n FROM commerce.sales_order")[0]["n"] == 0
    )  # the table is still there


@settings(max_examples=40, deadline=None)
@given(
    document=st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(), TEXT),
        lambda inner: st.one_of(
            st.lists(inner, max_size=3),
            st.dictionaries(
                st.sampled_from(
                    [
                        "stores",
                        "orders",
                        "steps",
                        "catalog",
                        "listings",
                        "now",
                        "name",
                        "order",
                        "items",
                        "run",
                        "sku",
                    ]
                ),
                inner,
                max_size=4,
            ),
        ),
        max_leaves=12,
    )
)
def test_hostile_scenario_files_are_refused_cleanly(tmp_path_factory, document):
    path = tmp_path_factory.mktemp("hostile") / "scenario.yaml"
    path.write_text(yaml.safe_dump(document))
    try:
        load_scenario(path)
    except ScenarioError as refused:
        assert str(refused).startswith(str(path))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.one_of(
        HOSTILE,
        st.dictionaries(
            st.sampled_from(
                [
                    "seller_id",
                    "order",
                    "items",
                    "status",
                    "now",
                    "advance_seconds",
                    "operation",
                    "kind",
                    "count",
                ]
            ),
            HOSTILE,
            max_size=4,
        ),
    )
)
def test_hostile_control_requests_get_a_clear_client_error(sim_url, body):
    for path in (
        "/_sim/orders",
        "/_sim/sellers",
        "/_sim/clock",
        "/_sim/faults",
        "/_sim/orders/111-0000001-0000001/status",
    ):
        answer = requests.post(
            sim_url + path,
            data=json.dumps(body),
            timeout=10,  # NaN/Infinity too
            headers={"content-type": "application/json"},
        )
        assert answer.status_code < 500, (path, body, answer.text[:200])
