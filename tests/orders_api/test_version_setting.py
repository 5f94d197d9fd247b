"""The Orders API version is the `amazon_sp_api` connection's extra.orders_api: v2026-01-01 by
default, v0 selectable with a warning until Amazon removes it, then refused with the way out."""

from __future__ import annotations

import json
import logging
from datetime import date

import pytest

from amazon_orders import connections
from amazon_orders.sp_api.model import ORDERS_2026, ORDERS_V0, ORDERS_V0_READS_REMOVED


@pytest.fixture
def connection(monkeypatch):
    def _set(**extra: object) -> None:
        document = {
            "conn_type": "http",
            "host": "http://127.0.0.1:9",
            "extra": {"lwa_endpoint": "x", **extra},
        }
        monkeypatch.setenv("AIRFLOW_CONN_AMAZON_SP_API", json.dumps(document))

    return _set


def test_v2026_is_the_default(connection):
    connection()
    assert connections.orders_api() == ORDERS_2026


def test_v0_warns_with_the_removal_date_until_then(connection, caplog):
    connection(orders_api=ORDERS_V0)
    with caplog.at_level(logging.WARNING, logger="amazon_orders.connections"):
        assert connections.orders_api(today=date(2027, 3, 26)) == ORDERS_V0
    assert "2027-03-27" in caplog.text and "orders_api" in caplog.text


def test_v0_is_refused_from_the_removal_date_on(connection):
    connection(orders_api=ORDERS_V0)
    with pytest.raises(ValueError, match=r"removed by Amazon on 2027-03-27: set extra\.orders_api"):
        connections.orders_api(today=ORDERS_V0_READS_REMOVED)


def test_an_unknown_version_is_refused_by_name(connection):
    connection(orders_api="2024-01-01")
    with pytest.raises(ValueError, match=r"'2024-01-01'; choose one of"):
        connections.orders_api()
