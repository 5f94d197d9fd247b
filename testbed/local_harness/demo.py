"""`make demo`: the main job on embedded defaults.

Starts what is needed (the embedded Postgres unless COMMERCE_DB_URL is set, the SP-API
simulator unless SP_API_ENDPOINT is set), migrates the schema, plays a scenario (the
built-in demo unless --scenario says otherwise) through real `airflow dags test` runs,
and prints a summary. The data stays in the database.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import requests

from amazon_orders import db
from amazon_orders.migrate import migrate
from amazon_orders.settings import SP_API_CONN_ID
from amazon_orders.sp_api.model import LWA_TOKEN_PATH
from local_harness import environment, summary
from local_harness.scenario import ScenarioError, load_scenario
from local_harness.scenario.format import Scenario
from local_harness.scenario.runner import ScenarioRunner, simulator_needs
from sp_api_simulator import SimulatorControl


def is_simulator(endpoint: str) -> bool:
    """Whether an SP-API endpoint is the simulator (it answers its control paths)."""
    try:
        SimulatorControl(endpoint, timeout=5).now()
    except (requests.RequestException, ValueError, KeyError):
        return False
    return True


def real_endpoint_connection(endpoint: str, lwa: str) -> dict:
    """The `amazon_sp_api` connection for an endpoint that is not the simulator: the credentials
    come from AIRFLOW_CONN_AMAZON_SP_API (Airflow's JSON form); the endpoints from the environment."""
    variable = f"AIRFLOW_CONN_{SP_API_CONN_ID.upper()}"
    try:
        connection = json.loads(os.environ[variable])
    except KeyError:
        raise SystemExit(
            f"{endpoint} is not the SP-API simulator: its credentials must come from {variable} "
            '(JSON: {"login": client id, "password": client secret, "extra": {"refresh_tokens": '
            "{seller id: token}}}; see .env.example)"
        ) from None
    except json.JSONDecodeError as error:
        raise SystemExit(f"{variable} is not Airflow's JSON connection form: {error}") from None
    return {**connection, "host": endpoint, "extra": {**connection.get("extra", {}), "lwa_endpoint": lwa}}


@contextmanager
def sp_api(scenario: Scenario, sqs_endpoint: str | None = None) -> Iterator[tuple[str, str]]:
    """(SP-API endpoint, LWA token URL): the configured ones, or a simulator started for the run
    (sending ORDER_CHANGE notifications to `sqs_endpoint`'s queues, when given)."""
    configured = environment.sp_api_endpoint()
    if configured:
        yield configured, environment.lwa_endpoint() or configured.rstrip("/") + LWA_TOKEN_PATH
        return
    command = [sys.executable, "-m", "sp_api_simulator", "--port", "0", "--log-level", "warning"]
    if sqs_endpoint is not None:
        command += ["--sqs-endpoint", sqs_endpoint]
    if scenario.now is not None:
        command += ["--now", scenario.now.isoformat()]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline().strip()
        if not line.startswith("simulator listening on "):
            raise RuntimeError(f"the SP-API simulator did not start: {line!r}")
        url = line.rsplit(" ", 1)[1]
        print(f"SP-API simulator: {url}")
        yield url, url + LWA_TOKEN_PATH
    finally:
        process.terminate()
        process.wait(timeout=10)


def _announce(number: int, kind: str, args: Any) -> None:
    print(f"step {number}: {kind} {args}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make demo", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scenario",
        type=Path,
        default=environment.DEMO_SCENARIO,
        help="scenario file (YAML); default: the built-in demo",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    try:
        scenario = load_scenario(args.scenario)  # refused here, before anything is written
    except ScenarioError as exc:
        print(f"scenario refused: {exc}", file=sys.stderr)
        return 2
    connection = None
    configured = environment.sp_api_endpoint()
    if configured and not is_simulator(configured):
        needs = simulator_needs(scenario)
        if needs:  # refused before anything is written
            print(
                f"scenario refused: {configured} is not the SP-API simulator, and these parts of "
                f"{scenario.source} need its control paths: {'; '.join(needs)}",
                file=sys.stderr,
            )
            return 2
        lwa = environment.lwa_endpoint() or configured.rstrip("/") + LWA_TOKEN_PATH
        connection = real_endpoint_connection(configured, lwa)
    db_url = environment.commerce_db()
    print(f"Commerce database: {db_url.split('@')[-1]}")
    applied = migrate(db_url)
    print(f"migrations applied: {', '.join(applied) or 'none (up to date)'}")
    with sp_api(scenario) as (endpoint, lwa):
        runner = ScenarioRunner(scenario, db_url, endpoint, lwa, connection=connection)
        print(
            f"playing {scenario.source}: {len(scenario.stores)} stores, {len(scenario.orders)} orders, "
            f"{len(scenario.steps)} steps (DAG run logs in {runner.dags.logs})",
            flush=True,
        )
        try:
            runner.play(on_step=_announce)
        except ScenarioError as exc:  # what only the database can tell (an unknown customer group)
            print(f"scenario refused: {exc}", file=sys.stderr)
            return 2
    with closing(db.connect(db_url)) as conn:
        print(summary.render(conn))
    return 0


if __name__ == "__main__":
    sys.exit(main())
