"""Personal data retention: the buyer's name, email, address and phone leave the raw Amazon copies of
orders final for longer than the period, in both API versions; everything else stays, open orders
and the Commerce order are untouched, a second run changes nothing, and the DAG runs in Airflow."""

from __future__ import annotations

import json

import pytest

from amazon_orders.pipeline import retention
from amazon_orders.settings import PERSONAL_DATA_RETENTION_DAYS, RETENTION_DAG_ID
from amazon_orders.sp_api.model import ORDERS_2026, ORDERS_V0
from local_harness.local_airflow import LocalAirflow
from tests import views
from tests.worlds import IMPORT, RECONCILE, listing, order, product, world

RETENTION = PERSONAL_DATA_RETENTION_DAYS  # 30, the default
SHIPPED, OPEN = "111-0000001-0000001", "111-0000002-0000002"
PERSON = ("Jane Doe", "jane@example.com", "1 Main Street", "555-0100", "Happy birthday Jane")
BUYER = {"BuyerName": "Jane Doe", "BuyerEmail": "jane@example.com"}
ADDRESS = {
    "Name": "Jane Doe",
    "AddressLine1": "1 Main Street",
    "City": "Seattle",
    "StateOrRegion": "WA",
    "PostalCode": "98101",
    "CountryCode": "US",
    "Phone": "555-0100",
}


def _document() -> dict:
    shipped = order(1, ("AMZ-MUG", 1), BuyerInfo=BUYER, ShippingAddress=ADDRESS)
    shipped["items"][0]["BuyerInfo"] = {"GiftMessageText": "Happy birthday Jane", "GiftWrapLevel": "Classic"}
    still_open = order(2, ("AMZ-MUG", 1), BuyerInfo=BUYER, ShippingAddress=ADDRESS)
    return world(
        shipped,
        still_open,
        catalog=[product("MUG")],
        listings=[listing("MUG")],
        steps=[IMPORT, {"amazon_status": {"order": SHIPPED, "status": "Shipped"}}, RECONCILE],
    )


def _copies(conn, order_id: str) -> str:
    """Everything stored of the order's raw copies, as text."""
    rows = views.query(
        conn,
        """SELECT o.payload, o.buyer_email, o.ship_name, o.ship_address_line1, o.ship_phone,
                  o.ship_postal_code, o.ship_state,
                  (SELECT json_agg(i.payload) FROM amazon.order_item i
                   WHERE i.amazon_order_id = o.amazon_order_id) AS items
           FROM amazon."order" o WHERE o.amazon_order_id = %s""",
        (order_id,),
    )
    return json.dumps(rows, default=str)


def _days_pass(conn, days: int = 40) -> None:
    """Time passes: Amazon's last update of every order lies `days` further back."""
    views.execute(
        conn,
        'UPDATE amazon."order" SET last_update_date = last_update_date - make_interval(days => %s)',
        (days,),
    )


def _answers(conn) -> str:
    return json.dumps([r["body"] for r in views.query(conn, "SELECT body FROM amazon.api_response")])


def _commerce(conn) -> list[dict]:
    return views.query(
        conn,
        """SELECT so.increment_id, so.customer_email, so.customer_firstname, a.street, a.telephone
           FROM commerce.sales_order so JOIN commerce.sales_order_address a ON a.parent_id = so.entity_id
           ORDER BY so.increment_id, a.address_type""",
    )


@pytest.mark.parametrize("api", [ORDERS_V0, ORDERS_2026])
def test_final_orders_lose_the_buyers_data_and_nothing_else(play, conn, api):
    play(_document(), orders_api=api)
    assert all(p in _copies(conn, SHIPPED) for p in PERSON[:4])

    assert retention.remove_personal_data(conn, RETENTION)["orders_cleaned"] == 0  # final, not for 30 days
    _days_pass(conn)
    commerce, grid = _commerce(conn), views.query(conn, "SELECT * FROM amazon.orders_grid ORDER BY 2")
    analyst = views.query(conn, "SELECT * FROM analyst.orders_grid ORDER BY 2")
    counts = retention.remove_personal_data(conn, RETENTION)
    assert counts["orders_cleaned"] == 1 and counts["answers_cleaned"] >= 1

    shipped = _copies(conn, SHIPPED)
    assert not [p for p in PERSON if p in shipped], shipped
    assert "98101" not in shipped and '"WA"' in shipped  # the region stays, the street and town go
    assert "Classic" in shipped  # the gift wrap's level is no personal data
    assert all(p in _copies(conn, OPEN) for p in PERSON[:4])  # an open order keeps its data
    answers = _answers(conn)
    assert SHIPPED in answers and "jane@example.com" in answers  # the open order's answers keep theirs
    payload = views.query(conn, 'SELECT payload FROM amazon."order" WHERE amazon_order_id = %s', (SHIPPED,))
    assert json.dumps(payload).count("OrderTotal") + json.dumps(payload).count("proceeds") >= 1

    assert _commerce(conn) == commerce  # the merchant's record is untouched
    assert views.query(conn, "SELECT * FROM amazon.orders_grid ORDER BY 2") == grid
    assert views.query(conn, "SELECT * FROM analyst.orders_grid ORDER BY 2") == analyst

    again = retention.remove_personal_data(conn, RETENTION)
    assert again == {"orders_cleaned": 0, "answers_cleaned": 0, "answers_done": 0}


def test_an_answer_naming_a_cleaned_order_is_done_only_when_all_its_orders_are(play, conn):
    play(_document(), orders_api=ORDERS_V0)
    _days_pass(conn)
    retention.remove_personal_data(conn, RETENTION)
    open_answers = views.query(
        conn, "SELECT count(*) AS n FROM amazon.api_response WHERE personal_data_removed_at IS NULL"
    )[0]["n"]
    assert open_answers >= 1  # pages that also carry the open order stay for a later run

    views.execute(
        conn, "UPDATE amazon.\"order\" SET order_status = 'Canceled' WHERE amazon_order_id = %s", (OPEN,)
    )
    retention.remove_personal_data(conn, retention_days=5)
    assert "jane@example.com" not in _answers(conn)
    left = views.query(
        conn, "SELECT count(*) AS n FROM amazon.api_response WHERE personal_data_removed_at IS NULL"
    )
    assert left[0]["n"] == 0


def test_an_order_fetched_again_is_cleaned_again(play, conn):
    runner = play(_document(), orders_api=ORDERS_V0)
    _days_pass(conn)
    retention.remove_personal_data(conn, RETENTION)
    runner.dags.dags_test("amazon_order_import", {"replay_from": "2026-11-19T00:00:00Z"})  # sent again
    assert "jane@example.com" in _copies(conn, SHIPPED)
    _days_pass(conn)
    assert retention.remove_personal_data(conn, RETENTION)["orders_cleaned"] == 1
    assert "jane@example.com" not in _copies(conn, SHIPPED)


def test_a_negative_period_is_refused(conn):
    with pytest.raises(ValueError, match="retention_days must not be negative"):
        retention.remove_personal_data(conn, retention_days=-1)


@pytest.mark.dagrun
def test_the_retention_dag_runs_in_airflow(play, db_url, tmp_path, conn):
    runner = play(_document())
    _days_pass(conn, 6)
    airflow = LocalAirflow(db_url, runner.sp_api, tmp_path / "airflow")
    log = airflow.dags_test(RETENTION_DAG_ID, {"retention_days": 5}).read_text(errors="replace")
    assert "orders_cleaned 1" in log
    assert "jane@example.com" not in _copies(conn, SHIPPED)
