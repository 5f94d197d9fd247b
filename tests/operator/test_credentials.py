"""Credentials Amazon refuses, and credentials near Amazon's limits: one operator message per store
and cause, naming the seller, the store, the cause and the fix, emailed once (a real SMTP server)
and shown among the system messages; the store's task fails without retries; the next successful
call resolves it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from amazon_orders import alerts, credentials
from amazon_orders.credentials import Cause
from amazon_orders.settings import IMPORT_DAG_ID
from local_harness.in_process import InProcessDags
from tests import views
from tests.operator.smtp_sink import smtp_sink
from tests.worlds import IMPORT, listing, order, product, world

SELLER = "A2SELLERUS"
STORE = {"store_id": 1, "name": "US Store", "seller_id": SELLER}


def _document() -> dict:
    return world(
        order(1, ("AMZ-MUG", 1)), catalog=[product("MUG")], listings=[listing("MUG")], steps=[IMPORT]
    )


def _with(runner, **changes) -> InProcessDags:
    """The play's runs with the `amazon_sp_api` connection changed (a secret, a token, dates)."""
    extra = {**runner.sp_api["extra"], **changes.pop("extra", {})}
    return InProcessDags(runner.db_url, {**runner.sp_api, **changes, "extra": extra})


def _messages(conn) -> list[dict]:
    return views.query(conn, "SELECT identity, severity, text FROM amazon.system_messages ORDER BY identity")


@pytest.mark.parametrize(
    ("change", "cause", "subject", "fix"),
    [
        (
            {"password": "a-secret-rotated-away"},
            Cause.INVALID_CLIENT,
            "Amazon refuses the LWA client credentials",
            "put the current client id and secret in the Airflow connection 'amazon_sp_api'",
        ),
        (
            {"extra": {"refresh_tokens": {SELLER: "Atzr|revoked"}}},
            Cause.INVALID_GRANT,
            "Amazon refuses the seller's authorisation",
            "Ask the seller to re-authorise the application",
        ),
    ],
    ids=["invalid_client", "invalid_grant"],
)
def test_refused_credentials_are_one_message_until_fixed(
    play, conn, monkeypatch, change, cause, subject, fix
):
    runner = play(_document())
    broken = _with(runner, **change)
    with smtp_sink() as (sink, connection):
        monkeypatch.setenv("AIRFLOW_CONN_AMAZON_ALERTS_SMTP", connection)
        for _ in range(2):  # refused twice: one message, one email
            with pytest.raises(credentials.AccessRefused) as refused:
                broken.dags_test(IMPORT_DAG_ID)
            assert refused.value.__cause__.code == cause.value
        [message] = [m for m in _messages(conn) if m["identity"] == f"amazon_{cause.value}_store_1"]
        assert message["severity"] == "critical"
        assert f"seller {SELLER} (store 'US Store')" in message["text"] and fix in message["text"]
        assert [m["Subject"] for m in sink.messages] == [f"[Amazon orders] US Store: {subject}"]
        assert fix in sink.bodies()[0].replace("&#x27;", "'")

        runner.sync(IMPORT_DAG_ID)  # the connection fixed: the next run succeeds and resolves it
        assert [m for m in _messages(conn) if m["identity"].startswith("amazon_invalid")] == []
        assert len(sink.messages) == 1


def test_a_missing_role_is_the_operators_message(play, conn):
    runner = play(_document())
    runner.sim.withhold_roles(SELLER, ["BUYER"])
    runner.sim.advance(300)
    with pytest.raises(credentials.AccessRefused, match="Developer Central"):
        runner.dags.run_store(IMPORT_DAG_ID, 1, "manual__no_role")
    [message] = [m for m in _messages(conn) if m["identity"] == "amazon_missing_role_store_1"]
    assert "Direct-to-Consumer Delivery" in message["text"]
    runner.sim.withhold_roles(SELLER, [])
    runner.sync(IMPORT_DAG_ID)
    assert [m for m in _messages(conn) if m["identity"] == "amazon_missing_role_store_1"] == []


def test_credentials_near_amazons_limits_are_warned_14_days_before(play, conn):
    today = date.today()
    runner = play(_document())
    dates = {
        "client_secret_rotated_on": str(today - timedelta(days=170)),  # 10 days left of 180
        "authorized_on": {SELLER: str(today - timedelta(days=300))},  # 65 days left of 365: not yet
    }
    _with(runner, extra=dates).dags_test(IMPORT_DAG_ID)  # the run itself succeeds
    [warning] = [m for m in _messages(conn) if m["identity"].startswith("amazon_client_secret")]
    assert warning["severity"] == "minor"
    assert f"Amazon stops accepting it on {today + timedelta(days=10)} (in 10 day(s))" in warning["text"]
    assert not [m for m in _messages(conn) if m["identity"].startswith("amazon_authorization")]

    rotated = {**dates, "client_secret_rotated_on": str(today)}  # the secret rotated: the warning ends
    _with(runner, extra=rotated).dags_test(IMPORT_DAG_ID)
    assert not [m for m in _messages(conn) if m["identity"].startswith("amazon_client_secret")]


def test_warnings_fall_due_at_the_limits_less_14_days():
    rotated, authorized = date(2026, 1, 1), date(2026, 1, 1)
    assert credentials.warnings(STORE, rotated, authorized, date(2026, 6, 15)) == {}  # 165 days
    due = credentials.warnings(STORE, rotated, authorized, date(2026, 6, 16))  # 166: 14 days before 180
    assert set(due) == {Cause.CLIENT_SECRET_EXPIRING}
    assert "on 2026-06-30 (in 14 day(s))" in due[Cause.CLIENT_SECRET_EXPIRING]
    late = credentials.warnings(STORE, rotated, authorized, date(2027, 1, 3))
    assert set(late) == {Cause.CLIENT_SECRET_EXPIRING, Cause.AUTHORIZATION_EXPIRING}
    assert "ends on 2027-01-01 (2 day(s) ago)" in late[Cause.AUTHORIZATION_EXPIRING]
    assert credentials.warnings(STORE, None, None, date(2030, 1, 1)) == {}


def test_a_date_that_is_not_a_date_is_named(play):
    runner = play(_document())
    with pytest.raises(ValueError, match=r"extra.authorized_on.A2SELLERUS is '1/2/2026', not a YYYY-MM-DD"):
        _with(runner, extra={"authorized_on": {SELLER: "1/2/2026"}}).dags_test(IMPORT_DAG_ID)


def test_a_refusal_sends_no_second_generic_failure_email(monkeypatch):
    with smtp_sink() as (sink, connection):
        monkeypatch.setenv("AIRFLOW_CONN_AMAZON_ALERTS_SMTP", connection)
        alerts.TaskFailureNotifier().notify({"exception": credentials.AccessRefused("already said")})
        alerts.TaskFailureNotifier().notify({"exception": ValueError("anything else")})
        assert len(sink.messages) == 1 and "ValueError" in sink.bodies()[0]


def test_the_dashboard_shows_the_message_until_fixed(play, db_url, monkeypatch):
    from fastapi.testclient import TestClient

    from amazon_orders.dashboard import app as dashboard
    from amazon_orders.dashboard import source

    runner = play(_document())
    with pytest.raises(credentials.AccessRefused):
        _with(runner, password="a-secret-rotated-away").dags_test(IMPORT_DAG_ID)
    monkeypatch.setattr(source, "commerce_dsn", lambda: db_url)
    app = dashboard.create_app()
    app.dependency_overrides[dashboard.reader] = lambda: "admin"
    with TestClient(app) as client:
        assert "Amazon refuses the application&#39;s LWA client for seller A2SELLERUS" in client.get("/").text
        runner.sync(IMPORT_DAG_ID)
        assert "LWA client" not in client.get("/").text
