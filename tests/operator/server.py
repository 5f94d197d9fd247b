"""A real Airflow (API server, scheduler, DAG processor) over a scenario's world, for tests.

No cron runs (`schedule=False`): the runs a test triggers are the only ones, so what it
asserts is what its own trigger did.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

from amazon_orders.sp_api.model import LWA_TOKEN_PATH
from local_harness.scenario import load_scenario
from local_harness.scenario.runner import ScenarioRunner
from local_harness.standalone import AirflowServer, scenario_connection


@contextmanager
def airflow_over(
    document: dict,
    db_url: str,
    sim_url: str,
    home: Path,
    extra_env: dict[str, str] | None = None,
    schedule: bool = False,
    unpause: tuple[str, ...] | None = None,
    before_start: Callable[[dict], None] | None = None,
) -> Iterator[AirflowServer]:
    """Load the scenario's world (no steps played), then run Airflow against it (`schedule`: cron
    and asset-triggered runs too, of the `unpause`d DAGs). `before_start` is handed the play's
    `amazon_sp_api` connection once the world is loaded (a setup at Amazon, such as subscriptions)."""
    path = home / "scenario.yaml"
    home.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    runner = ScenarioRunner(
        load_scenario(path), db_url, sim_url, sim_url + LWA_TOKEN_PATH, airflow_home=home / "dags-test"
    )
    runner.load()
    sp_api = scenario_connection(runner)
    if before_start is not None:
        before_start(sp_api)
    options = {} if unpause is None else {"unpause": unpause}
    server = AirflowServer(
        db_url, sp_api, home=home / "airflow", schedule=schedule, extra_env=extra_env, **options
    )
    with server:
        yield server
