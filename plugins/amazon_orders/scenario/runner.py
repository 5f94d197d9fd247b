"""Playing a scenario: its world into Postgres and the simulator, then its steps in order.

Each `run` step is one sync: the simulator's clock moves on by the sync interval (as
real time would between two cron runs), then a real `airflow dags test` run.
"""

from __future__ import annotations

import logging
import secrets
import uuid
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

from amazon_orders import db, runs
from amazon_orders.local_airflow import LocalAirflow
from amazon_orders.pipeline import import_run, shipments
from amazon_orders.scenario import world
from amazon_orders.scenario.format import Scenario
from amazon_orders.settings import SYNC_INTERVAL
from amazon_orders.simulator import SimulatorControl
from amazon_orders.sp_api import Credentials, SpApiClient

log = logging.getLogger(__name__)


class InProcessDags:
    """The DAGs' steps for every store, run in this process without Airflow (fast tests)."""

    def __init__(self, commerce_db_url: str, sp_api: dict) -> None:
        self.db_url = commerce_db_url
        self.sp_api = sp_api

    def _client(self, seller_id: str) -> SpApiClient:
        extra = self.sp_api["extra"]
        credentials = Credentials(self.sp_api["login"], self.sp_api["password"], extra["refresh_tokens"][seller_id])
        return SpApiClient(self.sp_api["host"], extra["lwa_endpoint"], credentials)

    def dags_test(self, dag_id: str, conf: dict | None = None, dag_run_id: str | None = None) -> None:
        """One run of the DAG's steps for every store; the same `dag_run_id` again is a retry."""
        step = {"amazon_order_import": import_run.import_store,
                "amazon_order_reconciliation": import_run.reconcile_store}[dag_id]
        dag_run_id = dag_run_id or f"in_process__{uuid.uuid4()}"
        with closing(db.connect(self.db_url)) as conn:
            for store in db.fetch_all(conn, "extract/list_stores"):
                seller = db.fetch_one(conn, "extract/read_store", {"store_id": store["store_id"]})["seller_id"]
                step(conn, self._client(seller), store["store_id"], runs.run_key(dag_run_id, store["store_id"]))


class ScenarioRunner:
    def __init__(self, scenario: Scenario, commerce_db_url: str, sp_api_endpoint: str, lwa_endpoint: str,
                 in_process: bool = False, airflow_home: Path | None = None) -> None:
        self.scenario = scenario
        self.db_url = commerce_db_url
        self.sim = SimulatorControl(sp_api_endpoint)
        # Fresh LWA credentials per play: they live in the simulator and the Airflow connection only.
        self._client_id = f"amzn-demo-client-{secrets.token_hex(4)}"
        self._client_secret = secrets.token_urlsafe(24)
        self._refresh_tokens = {s["seller_id"]: secrets.token_urlsafe(32) for s in scenario.stores}
        sp_api = {"conn_type": "http", "host": sp_api_endpoint, "login": self._client_id,
                  "password": self._client_secret,
                  "extra": {"lwa_endpoint": lwa_endpoint, "refresh_tokens": self._refresh_tokens}}
        self.sp_api = sp_api  # the `amazon_sp_api` connection of this play
        self.dags = InProcessDags(commerce_db_url, sp_api) if in_process else LocalAirflow(commerce_db_url, sp_api, airflow_home)

    def load(self) -> None:
        """Write the scenario's world: Commerce side to Postgres, Amazon side to the simulator."""
        with closing(db.connect(self.db_url)) as conn:
            world.apply(conn, self.scenario)
        if self.scenario.now is not None and self.sim.now() < self.scenario.now:
            self.sim.set_now(self.scenario.now)
        for seller_id, token in self._refresh_tokens.items():
            self.sim.add_seller(seller_id, token, self._client_id, self._client_secret)
        for entry in self.scenario.orders:
            seller = self.scenario.store(entry["store"])["seller_id"]
            self.sim.put_order(seller, entry["order"], entry["items"])

    def play(self, on_step: Callable[[int, str, Any], None] | None = None) -> None:
        """Load the world, then run every step; `on_step` hears of each before it runs."""
        self.load()
        for number, step in enumerate(self.scenario.steps, start=1):
            (kind, args), = step.items()
            if on_step:
                on_step(number, kind, args)
            self._steps()[kind](args)

    def _steps(self) -> dict[str, Callable[[Any], None]]:
        return {
            "run": self._run,
            "amazon_status": lambda a: self.sim.set_status(a["order"], a["status"]),
            "amazon_cancel": lambda a: self.sim.set_status(a["order"], "Canceled"),
            "advance_clock": lambda a: self.sim.advance(a["minutes"] * 60),
            "set_stock": lambda a: self._with_db(world.set_stock, a["sku"], a["qty"]),
            "set_enabled": lambda a: self._with_db(world.set_enabled, a["sku"], a["enabled"]),
            "match_listing": lambda a: self._with_db(world.match_listing, a["store"], a["seller_sku"], a["sku"]),
            "add_product": self._add_product,
            "ship": lambda a: self._with_db(shipments.record_shipment, a["order"], a["carrier"], a["tracking"],
                                            a.get("items")),
        }

    def _run(self, dag_id: str) -> None:
        self.sim.advance(SYNC_INTERVAL.total_seconds())
        self.dags.dags_test(dag_id)

    def _add_product(self, product: dict) -> None:
        with closing(db.connect(self.db_url)) as conn, db.transaction(conn) as cur:
            world.add_product(cur, product)

    def _with_db(self, action: Callable[..., Any], *args: Any) -> None:
        with closing(db.connect(self.db_url)) as conn:
            action(conn, *args)
