"""Playing a scenario: its world into Postgres and the simulator, then its steps in order.

Each `run` step is one sync: the simulator's clock moves on by the sync interval (as
real time would between two cron runs), then a real `airflow dags test` run.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

from amazon_orders import db
from amazon_orders.pipeline import shipments
from amazon_orders.settings import SYNC_INTERVAL
from local_harness.in_process import InProcessDags
from local_harness.local_airflow import LocalAirflow
from local_harness.scenario import world
from local_harness.scenario.format import Scenario
from sp_api_simulator import SimulatorControl

log = logging.getLogger(__name__)


def load_world(
    scenario: Scenario,
    commerce_db_url: str,
    sim: SimulatorControl,
    client_id: str | None,
    client_secret: str | None,
    refresh_tokens: dict[str, str],
) -> list[str]:
    """The scenario's Commerce side into Postgres, its Amazon side (sellers registered with these
    credentials, their orders, the clock) into the simulator; return the seller ids."""
    with closing(db.connect(commerce_db_url)) as conn:
        world.apply(conn, scenario)
    if scenario.now is not None and sim.now() < scenario.now:
        sim.set_now(scenario.now)
    sellers = sorted({s["seller_id"] for s in scenario.stores})
    for seller_id in sellers:
        sim.add_seller(seller_id, refresh_tokens[seller_id], client_id, client_secret)
    for entry in scenario.orders:
        seller = scenario.store(entry["store"])["seller_id"]
        if "order_2026" in entry:
            sim.put_order_2026(seller, entry["order_2026"])
        else:
            sim.put_order(seller, entry["order"], entry["items"])
    return sellers


# Steps that drive Amazon's side: only the simulator's control paths can play them.
SIMULATOR_STEPS = frozenset({"amazon_status", "amazon_cancel", "amazon_cancel_item", "advance_clock"})


def simulator_needs(scenario: Scenario) -> list[str]:
    """What of the scenario only the simulator can play (placing orders, Amazon's changes, its clock)."""
    needs = [f"orders ({len(scenario.orders)})"] if scenario.orders else []
    needs += ["now"] if scenario.now is not None else []
    for number, step in enumerate(scenario.steps, start=1):
        needs += [f"step {number}: {kind}" for kind in step if kind in SIMULATOR_STEPS]
    return needs


class ScenarioRunner:
    """Plays a scenario against the simulator, or, given a real endpoint's `amazon_sp_api`
    connection (`connection`), against that endpoint: then only the steps on our side."""

    def __init__(
        self,
        scenario: Scenario,
        commerce_db_url: str,
        sp_api_endpoint: str,
        lwa_endpoint: str,
        in_process: bool = False,
        airflow_home: Path | None = None,
        connection: dict | None = None,
        orders_api: str | None = None,
    ) -> None:
        self.scenario = scenario
        self.db_url = commerce_db_url
        self.sim = None if connection else SimulatorControl(sp_api_endpoint)
        if connection is None:
            # Fresh LWA credentials per play: they live in the simulator and the Airflow connection only.
            self._client_id = f"amzn-demo-client-{secrets.token_hex(4)}"
            self._client_secret = secrets.token_urlsafe(24)
            self._refresh_tokens = {s["seller_id"]: secrets.token_urlsafe(32) for s in scenario.stores}
            connection = {
                "conn_type": "http",
                "host": sp_api_endpoint,
                "login": self._client_id,
                "password": self._client_secret,
                "extra": {"lwa_endpoint": lwa_endpoint, "refresh_tokens": self._refresh_tokens},
            }
        sp_api = {**connection, "extra": {**connection.get("extra", {})}}
        if orders_api is not None:
            sp_api["extra"]["orders_api"] = orders_api
        self.sp_api = sp_api  # the `amazon_sp_api` connection of this play
        self.dags = (
            InProcessDags(commerce_db_url, sp_api)
            if in_process
            else LocalAirflow(commerce_db_url, sp_api, airflow_home)
        )

    def load(self) -> None:
        """Write the scenario's world: Commerce side to Postgres, Amazon side to the simulator
        (a real endpoint's sellers and orders are Amazon's own: only the Commerce side is written)."""
        if self.sim is None:
            with closing(db.connect(self.db_url)) as conn:
                world.apply(conn, self.scenario)
            return
        load_world(
            self.scenario, self.db_url, self.sim, self._client_id, self._client_secret, self._refresh_tokens
        )

    def play(self, on_step: Callable[[int, str, Any], None] | None = None) -> None:
        """Load the world, then run every step; `on_step` hears of each before it runs."""
        self.load()
        for number, step in enumerate(self.scenario.steps, start=1):
            ((kind, args),) = step.items()
            if on_step:
                on_step(number, kind, args)
            self._steps()[kind](args)

    def _steps(self) -> dict[str, Callable[[Any], None]]:
        return {
            "run": self.sync,
            "amazon_status": lambda a: self.sim.set_status(a["order"], a["status"]),
            "amazon_cancel": lambda a: self.sim.set_status(a["order"], "Canceled"),
            "amazon_cancel_item": lambda a: self.sim.cancel_item(a["order"], a["item"], a["quantity"]),
            "advance_clock": lambda a: self.sim.advance(a["minutes"] * 60),
            "set_stock": lambda a: self._with_db(
                world.set_stock, a["sku"], a["qty"], a.get("source", world.DEFAULT_SOURCE)
            ),
            "set_enabled": lambda a: self._with_db(world.set_enabled, a["sku"], a["enabled"]),
            "match_listing": lambda a: self._with_db(
                world.match_listing, a["store"], a["seller_sku"], a["sku"]
            ),
            "add_product": self._add_product,
            "set_currency_rate": lambda a: self._with_db(
                world.set_currency_rate, self.scenario.base_currency, a["currency"], a["rate"]
            ),
            "ship": lambda a: self._with_db(
                shipments.record_shipment,
                a["order"],
                a["carrier"],
                a["tracking"],
                a.get("items"),
                a.get("source"),
            ),
        }

    def sync(self, dag_id: str) -> None:
        """One sync: the clock moves on by the sync interval (a real endpoint's clock is its own),
        then a run of the DAG."""
        if self.sim is not None:
            self.sim.advance(SYNC_INTERVAL.total_seconds())
        self.dags.dags_test(dag_id)

    def _add_product(self, product: dict) -> None:
        with closing(db.connect(self.db_url)) as conn, db.transaction(conn) as cur:
            world.add_product(cur, product)

    def _with_db(self, action: Callable[..., Any], *args: Any) -> None:
        with closing(db.connect(self.db_url)) as conn:
            action(conn, *args)
