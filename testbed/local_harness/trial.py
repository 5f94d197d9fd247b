"""A scenario's world loaded into a running deployment, to try the compose setup end to end.

    python -m local_harness.trial [scenario.yaml]    # default: the built-in demo scenario

The Commerce side (stores, catalog, stock, listings) goes to COMMERCE_DB_URL; the Amazon
side (sellers and their orders) goes to the SP-API simulator that the `amazon_sp_api`
connection (AIRFLOW_CONN_AMAZON_SP_API, JSON form) points at, each seller registered with
that connection's client id, secret and refresh token, so the scheduled DAG runs import
them. Only the world is loaded, not the scenario's steps: the deployment's schedule runs
the DAGs. Never point it at Amazon: it refuses an SP-API host without `/_sim/` paths.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import requests

from amazon_orders.settings import SP_API_CONN_ID
from local_harness.environment import DEMO_SCENARIO
from local_harness.scenario import load_scenario, runner
from local_harness.scenario.format import Scenario
from sp_api_simulator import SimulatorControl


def sp_api_connection() -> dict:
    """The `amazon_sp_api` connection from the environment, in Airflow's JSON form."""
    variable = f"AIRFLOW_CONN_{SP_API_CONN_ID.upper()}"
    try:
        return json.loads(os.environ[variable])
    except KeyError:
        raise SystemExit(f"{variable} is not set (see .env.example)") from None
    except json.JSONDecodeError as error:
        raise SystemExit(f"{variable} is not Airflow's JSON connection form: {error}") from None


def load_world(scenario: Scenario, commerce_db_url: str, sp_api: dict) -> list[str]:
    """Write the scenario's world; return the seller ids registered in the simulator."""
    tokens = sp_api.get("extra", {}).get("refresh_tokens", {})
    missing = sorted({s["seller_id"] for s in scenario.stores} - set(tokens))
    if missing:
        raise ValueError(
            f"connection {SP_API_CONN_ID!r} has no refresh token for seller(s) {missing} "
            "(extra.refresh_tokens)"
        )
    sim = SimulatorControl(sp_api["host"])
    try:
        sim.now()
    except requests.RequestException as error:
        raise ValueError(f"{sp_api['host']} is not the SP-API simulator ({error})") from None
    return runner.load_world(
        scenario, commerce_db_url, sim, sp_api.get("login"), sp_api.get("password"), tokens
    )


def main(argv: list[str] | None = None) -> None:
    from local_harness import environment

    args = sys.argv[1:] if argv is None else argv
    scenario = load_scenario(Path(args[0]) if args else DEMO_SCENARIO)
    sellers = load_world(scenario, environment.commerce_db(), sp_api_connection())
    print(
        f"loaded {len(scenario.stores)} stores, {len(scenario.catalog)} products and "
        f"{len(scenario.orders)} orders for sellers {', '.join(sellers)}; the next DAG runs import them"
    )


if __name__ == "__main__":
    main()
