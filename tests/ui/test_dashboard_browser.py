"""The store dashboard in the Airflow UI, driven in a real headless chromium.

A real Airflow (API server with the plugin, scheduler, DAG processor) over a real
Postgres and the SP-API simulator; the admin logs in through Airflow's login page,
reads the banner, Recent Orders, open blockers and All Orders, fixes a blocker, presses
Re-import and sees the order imported; screenshots are kept in .local/screenshots/.
"""

from __future__ import annotations

from contextlib import closing

import pytest
import requests
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import Select, WebDriverWait

from amazon_orders import db
from amazon_orders.rules import FIX, Reason
from local_harness.scenario import world as scenario_world
from tests import views
from tests.operator.server import airflow_over
from tests.ui.browser import chromium, screenshots
from tests.worlds import listing, order, product, store, world

pytestmark = pytest.mark.dagrun

LAMP_ORDER = "111-0000099-0000099"
MESSAGE = (
    "Your Amazon store(s) has orders that cannot be imported into Commerce. "
    "See Recent Orders in the store dashboard(s): US Store"
)


def _document() -> dict:
    mugs = [
        order(
            n,
            ("AMZ-MUG", 1 + n % 3),
            purchased=f"2026-11-{10 + n % 10:02d}T09:{n:02d}:00Z",
            BuyerInfo={"BuyerName": f"Buyer {n}"},
        )
        for n in range(1, 25)
    ]
    lamp = order(99, ("AMZ-LAMP", 1), purchased="2026-11-20T11:00:00Z", BuyerInfo={"BuyerName": "Lamp Buyer"})
    canadian = order(50, ("AMZ-MUG", 1), store_name="CA Store", purchased="2026-11-20T08:00:00Z")
    return world(
        *mugs,
        lamp,
        canadian,
        stores=[store(), store("CA Store", seller_id="A2SELLERCA", import_enabled=False)],
        catalog=[product("MUG", qty=1000)],
        listings=[listing("MUG"), listing(None, "AMZ-LAMP"), listing("MUG", store_name="CA Store")],
    )


def _rows(browser, table_class: str = "grid") -> list:
    return browser.find_elements(By.CSS_SELECTOR, f"table.{table_class} tbody tr[data-order]")


def _listed_after(wait: WebDriverWait, replaced) -> list[str]:
    """The orders of the page that replaces `replaced` (an element of the old page), read once
    that page has loaded; read again if chromium swaps the document under the reader."""

    def listed(browser) -> tuple[list[str]] | None:
        if browser.execute_script("return document.readyState") != "complete":
            return None
        try:
            return ([r.get_attribute("data-order") for r in _rows(browser)],)
        except WebDriverException:  # stale element, or a node of a document already replaced
            return None

    def gone(_browser) -> bool:  # selenium's staleness_of, but chromium also words it otherwise
        try:
            replaced.is_enabled()
            return False
        except WebDriverException:  # stale, or "Node with given id does not belong to the document"
            return True

    wait.until(gone)
    return wait.until(listed)[0]


def _blocker_history(browser) -> list[tuple[str, str]]:
    rows = browser.find_elements(By.CSS_SELECTOR, "#blocker-history tbody tr")
    return [
        (cells[2].text, cells[-1].text) for r in rows if len(cells := r.find_elements(By.TAG_NAME, "td")) > 2
    ]


def test_store_dashboard_in_a_real_browser(db_url, sim_url, tmp_path):
    shots = screenshots("dashboard")
    with (
        chromium() as browser,
        airflow_over(_document(), db_url, sim_url, tmp_path) as airflow,
        closing(db.connect(db_url)) as conn,
    ):
        token = airflow.token()
        first = airflow.trigger("amazon_order_import", {}, token)
        assert airflow.wait_for_run("amazon_order_import", first, token) == "success"
        dashboard = f"{airflow.url}/amazon-orders"
        wait = WebDriverWait(browser, 60)

        # Without a login the dashboard sends you to Airflow's login page.
        assert requests.get(f"{dashboard}/", allow_redirects=False, timeout=30).status_code == 303

        browser.get(f"{dashboard}/")
        wait.until(ready.presence_of_element_located((By.NAME, "username"))).send_keys("admin")
        browser.find_element(By.NAME, "password").send_keys(airflow.password)
        browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        banner = wait.until(ready.presence_of_element_located((By.ID, "system-message")))
        assert banner.text == MESSAGE

        # Store dashboard: Recent Orders per store (ten newest), open blockers with the fix.
        ca, us = browser.find_elements(By.CSS_SELECTOR, "section.store")  # by store name
        assert "US Store" in us.text and "CA Store" in ca.text
        assert "import disabled" in ca.text
        recent = us.find_elements(By.CSS_SELECTOR, "table.grid tbody tr[data-order]")
        assert len(recent) == 10
        assert recent[0].get_attribute("data-order") == LAMP_ORDER  # the newest purchase first
        assert "Error" in recent[0].text
        blockers = us.find_elements(By.CSS_SELECTOR, "table.blockers tbody tr")
        assert [b.get_attribute("data-order") for b in blockers] == [LAMP_ORDER]
        assert Reason.NOT_IN_CATALOG in blockers[0].text
        assert FIX[Reason.NOT_IN_CATALOG] in blockers[0].text
        browser.save_screenshot(str(shots / "1-store-dashboard.png"))

        # All Orders: paging, then each filter.
        browser.get(f"{dashboard}/orders")
        assert browser.find_element(By.ID, "found").text == "26 orders · page 1 of 2"
        assert len(_rows(browser)) == 20
        before = browser.find_element(By.ID, "found")
        browser.find_element(By.ID, "next-page").click()
        assert len(_listed_after(wait, before)) == 6
        browser.save_screenshot(str(shots / "2-all-orders-page-2.png"))

        def search(**fields: str) -> set[str]:
            browser.get(f"{dashboard}/orders")
            for name, value in fields.items():
                element = browser.find_element(By.NAME, name)
                if element.tag_name == "select":
                    Select(element).select_by_visible_text(value)
                else:
                    element.clear()
                    browser.execute_script("arguments[0].value = arguments[1]", element, value)
            before = browser.find_element(By.ID, "found")
            browser.find_element(By.ID, "apply-filters").click()
            return set(_listed_after(wait, before))  # the filtered page, not the one it replaces

        assert search(status="Error") == {LAMP_ORDER}
        assert search(buyer="lamp b") == {LAMP_ORDER}
        assert search(number="0000099") == {LAMP_ORDER}
        assert search(store="CA Store") == {"111-0000050-0000050"}
        in_range = search(purchased_from="2026-11-12", purchased_to="2026-11-12")
        assert in_range == {f"111-{n:07d}-{n:07d}" for n in (2, 12, 22)}
        big = search(total_min="25", total_max="30")  # three mugs: 30.00
        assert big == {f"111-{n:07d}-{n:07d}" for n in range(1, 25) if 1 + n % 3 == 3}
        browser.save_screenshot(str(shots / "3-all-orders-filtered.png"))

        # Order details: items, blocker history; then the admin fixes it and re-imports.
        browser.get(f"{dashboard}/orders/{LAMP_ORDER}")
        assert browser.find_element(By.ID, "order-status").text == "Error"
        assert "not matched" in browser.find_element(By.ID, "items").text
        assert _blocker_history(browser) == [("NOT_IN_CATALOG", "open")]
        assert not browser.find_elements(By.ID, "import-paused")
        # Paused, the import DAG would leave a re-import queued: the page says so before and after.
        airflow.api("PATCH", "/api/v2/dags/amazon_order_import", token, json={"is_paused": True})
        browser.refresh()
        assert "a re-import waits" in browser.find_element(By.ID, "import-paused").text
        with closing(db.connect(db_url)) as fix, db.transaction(fix) as cur:
            scenario_world.add_product(cur, product("LAMP"))
        with closing(db.connect(db_url)) as fix:
            scenario_world.match_listing(fix, "US Store", "AMZ-LAMP", "LAMP")
        browser.find_element(By.ID, "reimport").click()
        notice = wait.until(ready.presence_of_element_located((By.ID, "reimport-queued")))
        run_id = notice.find_element(By.TAG_NAME, "a").text
        assert run_id.startswith(f"reimport__{LAMP_ORDER}__")
        assert "this re-import waits" in browser.find_element(By.ID, "import-paused").text
        browser.save_screenshot(str(shots / "4-reimport-queued.png"))
        run_path = f"/api/v2/dags/amazon_order_import/dagRuns/{run_id}"
        run_state = airflow.api("GET", run_path, token).json()["state"]
        assert run_state == "queued"
        airflow.api("PATCH", "/api/v2/dags/amazon_order_import", token, json={"is_paused": False})
        assert airflow.wait_for_run("amazon_order_import", run_id, token) == "success"
        conf = airflow.api("GET", f"/api/v2/dags/amazon_order_import/dagRuns/{run_id}", token).json()["conf"]
        assert conf["order_ids"] == [LAMP_ORDER] and conf["stores"] == ["US Store"]

        browser.refresh()
        assert browser.find_element(By.ID, "order-status").text == "Unshipped"
        assert browser.find_element(By.ID, "commerce-order").text != "none"
        [(reason, resolved)] = _blocker_history(browser)
        assert reason == "NOT_IN_CATALOG" and resolved.endswith("UTC")  # resolved, with its time
        assert not browser.find_elements(By.ID, "reimport")
        assert views.blockers(conn) == {}
        browser.save_screenshot(str(shots / "5-order-imported.png"))
        browser.get(f"{dashboard}/")
        assert not browser.find_elements(By.ID, "system-message")

        # The data quality report of the first run, reachable from the dashboard.
        browser.find_element(By.LINK_TEXT, "Data quality").click()  # each click loads a page: wait for it
        wait.until(ready.element_to_be_clickable((By.LINK_TEXT, f"{first}/store-1"))).click()
        assert wait.until(ready.presence_of_element_located((By.ID, "suite-result"))).text == "failed"
        failed = [
            r.text
            for r in browser.find_elements(By.CSS_SELECTOR, "#expectations tbody tr")
            if "failed" in r.text
        ]
        assert any("NOT_IN_CATALOG" in r for r in failed)
        assert LAMP_ORDER in browser.find_element(By.ID, "failures").text
        browser.save_screenshot(str(shots / "6-data-quality.png"))

        # The dashboard inside the Airflow UI: its navigation shows it as a page of its own.
        browser.get(f"{airflow.url}/plugin/amazon-orders")
        frame = wait.until(ready.presence_of_element_located((By.TAG_NAME, "iframe")))
        browser.switch_to.frame(frame)
        wait.until(ready.presence_of_element_located((By.CSS_SELECTOR, "section.store")))
        browser.switch_to.default_content()
        browser.save_screenshot(str(shots / "7-inside-airflow-ui.png"))
