"""The store dashboard's money, flags, ship-by dates and Orders to ship, rendered by its FastAPI app
over Postgres after a real import (the app's own pages and SQL; Airflow's login is stood in for:
tests/ui drives the whole thing, login included, in a real browser)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from amazon_orders.dashboard import app as dashboard
from amazon_orders.dashboard import source
from tests.dashboard.money_world import ID, SECRETS, document, us_prime
from tests.views import execute
from tests.worlds import IMPORT, listing, product, store, world


@pytest.fixture
def client(play, conn, db_url, monkeypatch) -> Iterator[TestClient]:
    runner = play(document())
    execute(conn, "INSERT INTO commerce.directory_currency_rate VALUES ('USD', 'GBP', 0.80)")
    runner.sync(IMPORT["run"])
    monkeypatch.setattr(source, "commerce_dsn", lambda: db_url)
    monkeypatch.setattr(dashboard, "_authorized", lambda *_args, **_kwargs: False)
    app = dashboard.create_app()
    app.dependency_overrides[dashboard.reader] = lambda: "admin"
    with TestClient(app) as test_client:
        yield test_client


def row(html: str, table_class: str, amazon_order_id: str) -> str:
    """The <tr> of that order in the first table of that class."""
    table = re.search(rf'<table class="{table_class}">.*?</table>', html, re.S)
    assert table, f"no table.{table_class}"
    found = re.search(rf'<tr data-order="{re.escape(amazon_order_id)}".*?</tr>', table.group(0), re.S)
    assert found, f"{amazon_order_id} not in table.{table_class}"
    return found.group(0)


def section(html: str, store_id: int) -> str:
    """A store's section of the store dashboard."""
    found = re.search(rf'<section class="store" id="store-{store_id}">.*?</section>', html, re.S)
    assert found, f"no section of store {store_id}"
    return found.group(0)


def text(fragment: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


def set_ship_by(conn, name: str, when: datetime | None) -> None:
    execute(
        conn, 'UPDATE amazon."order" SET ship_by_latest = %s WHERE amazon_order_id = %s', (when, ID[name])
    )


def test_recent_orders_show_money_flags_and_ship_by(client, conn):
    ship_by = datetime(2026, 12, 3, 17, 0, tzinfo=UTC)
    set_ship_by(conn, "prime", ship_by)
    html = client.get("/").text
    us = section(html, 1)
    prime = text(row(us, "grid", ID["prime"]))
    assert "24.88 USD" in prime and "Prime" in prime and "2026-12-03 17:00 UTC" in prime
    assert "Business" not in prime and "Replacement" not in prime
    assert "Business" in text(row(us, "grid", ID["business"]))
    assert "Replacement" in text(row(us, "grid", ID["replacement"]))
    assert f'title="Replaces {ID["prime"]}"' in row(us, "grid", ID["replacement"])
    uk = section(html, 2)
    pounds = row(uk, "grid", ID["uk"])
    assert "27.60 GBP" in text(pounds)
    assert re.search(r'class="num base-total">\s*34\.50 USD', pounds)  # the base grand total


def test_orders_to_ship_marks_late_and_due_today(client, conn):
    now = datetime.now(UTC)
    end_of_today = datetime(now.year, now.month, now.day, tzinfo=UTC) + timedelta(days=1)
    set_ship_by(conn, "unmatched", now - timedelta(hours=2))
    set_ship_by(conn, "prime", end_of_today - timedelta(minutes=1))
    set_ship_by(conn, "business", end_of_today + timedelta(days=2))
    set_ship_by(conn, "partly", end_of_today + timedelta(days=3))
    set_ship_by(conn, "replacement", None)
    html = client.get("/").text
    us = section(html, 1)
    shown = re.search(r'<table class="to-ship">.*?</table>', us, re.S).group(0)
    listed = re.findall(r'<tr data-order="([^"]+)" data-due="([^"]*)"', shown)
    # the pending, shipped, canceled and Amazon-fulfilled orders are not there
    near_midnight = end_of_today - datetime.now(UTC) < timedelta(minutes=1)  # "today" has passed by then
    assert listed == [
        (ID["unmatched"], "late"),
        (ID["prime"], "late" if near_midnight else "today"),
        (ID["business"], "later"),
        (ID["partly"], "later"),
        (ID["replacement"], ""),
    ]
    late = row(us, "to-ship", ID["unmatched"])
    assert 'class="due due-late">late<' in late and "blocked" in text(late)
    prime = row(us, "to-ship", ID["prime"])
    if not near_midnight:
        assert 'class="due due-today">due today<' in prime
    assert "Prime" in text(prime) and "processing" in text(prime)
    assert "no ship-by date" in text(row(us, "to-ship", ID["replacement"]))
    counts = text(re.search(r'<p class="to-ship-counts">.*?</p>', us, re.S).group(0))
    assert counts.startswith("5 to ship · ")
    assert ("2 late" if near_midnight else "1 late · 1 due today") in counts


def test_orders_to_ship_shows_the_first_and_counts_them_all(client, conn, monkeypatch):
    monkeypatch.setattr(dashboard, "TO_SHIP_SHOWN", 2)
    set_ship_by(conn, "unmatched", datetime.now(UTC) - timedelta(days=1))
    html = client.get("/").text
    us = section(html, 1)
    shown = re.search(r'<table class="to-ship">.*?</table>', us, re.S).group(0)
    assert len(re.findall(r"<tr data-order=", shown)) == 2
    counts = text(re.search(r'<p class="to-ship-counts">.*?</p>', us, re.S).group(0))
    assert counts.startswith("5 to ship · 1 late") and "the 2 due first shown" in counts


def test_order_page_shows_the_money(client):
    html = client.get(f"/orders/{ID['prime']}").text
    money = text(re.search(r'<table id="money".*?</table>', html, re.S).group(0))
    for shown in ["Subtotal 20.00 USD", "Shipping 4.99 USD", "Tax 1.89 USD", "Discount -2.00 USD (SPRING-2)"]:
        assert shown in money
    assert "Grand total 24.88 USD" in money and "Base grand total 24.88 USD" in money
    assert "Invoiced 24.88 USD" in money and "Paid 24.88 USD (amazon" in money
    split = text(re.search(r'<table id="tax-split".*?</table>', html, re.S).group(0))
    assert "Amazon (marketplace facilitator) 1.89 USD 1.89 USD (Amazon Services, Inc.)" in split
    assert "Prime" in text(re.search(r"<h1>.*?</h1>", html, re.S).group(0))

    pounds = text(client.get(f"/orders/{ID['uk']}").text)
    assert "Grand total 27.60 GBP" in pounds and "Base grand total 34.50 USD (1 USD = 0.8 GBP)" in pounds
    assert "The seller 4.60 GBP 4.60 GBP" in pounds

    blocked = text(client.get(f"/orders/{ID['unmatched']}").text)
    assert "No Commerce order yet: Amazon's order total is 10.00 USD." in blocked

    replacement = client.get(f"/orders/{ID['replacement']}").text
    assert f'href="/orders/{ID["prime"]}">{ID["prime"]}</a>' in replacement


def test_all_orders_show_the_base_total(client):
    html = client.get("/orders", params={"store": "UK Store"}).text
    assert re.search(r'class="num base-total">\s*34\.50 USD', row(html, "grid", ID["uk"]))


def test_no_personal_data_beyond_the_buyers_name(client):
    """The dashboard is the admin's: it shows the buyer's name and the shipping address on the
    order's page, as before, and nothing new of theirs on the store dashboard."""
    html = client.get("/").text
    for secret in SECRETS[1:]:
        assert secret not in html


def test_tax_left_off_the_order_shows_beside_amazons_total(play, db_url, monkeypatch):
    play(
        world(
            us_prime(1),
            stores=[store(marketplace_facilitator_tax="leave_off")],
            catalog=[product("MUG")],
            listings=[listing("MUG")],
            steps=[IMPORT],
        )
    )
    monkeypatch.setattr(source, "commerce_dsn", lambda: db_url)
    app = dashboard.create_app()
    app.dependency_overrides[dashboard.reader] = lambda: "admin"
    with TestClient(app) as test_client:
        home = test_client.get("/").text
        page = test_client.get(f"/orders/{ID['prime']}").text
    grid = text(row(section(home, 1), "grid", ID["prime"]))
    assert "24.88 USD Commerce 22.99" in grid and "22.99 USD" in grid  # base grand total: Commerce's
    split = text(re.search(r'<table id="tax-split".*?</table>', page, re.S).group(0))
    assert "Amazon (marketplace facilitator) 1.89 USD left off (store setting)" in split
    assert "Grand total 22.99 USD" in text(page)
