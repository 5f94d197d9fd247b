"""Fidelity tests: the pipeline's extract with real clients against a real simulator and Postgres."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from amazon_orders import db
from amazon_orders.scenario import load_scenario
from amazon_orders.scenario.runner import ScenarioRunner
from amazon_orders.sp_api import Credentials, SpApiClient


@pytest.fixture
def world_loaded(db_url: str, sim_url: str, tmp_path: Path) -> Callable[[dict], ScenarioRunner]:
    """A scenario's world written to Postgres and the simulator, its steps not played."""

    def _load(document: dict) -> ScenarioRunner:
        path = tmp_path / "scenario.yaml"
        path.write_text(yaml.safe_dump(document, sort_keys=False))
        runner = ScenarioRunner(load_scenario(path), db_url, sim_url, sim_url + "/auth/o2/token", in_process=True)
        runner.load()
        return runner

    return _load


def client_for(runner: ScenarioRunner, seller_id: str, **options: Any) -> SpApiClient:
    """A client with the store's credentials from the runner's connection, retrying in milliseconds."""
    sp_api = runner.dags.sp_api
    extra = sp_api["extra"]
    credentials = Credentials(sp_api["login"], sp_api["password"], extra["refresh_tokens"][seller_id])
    settings: dict[str, Any] = {"backoff_base": 0.01, "backoff_max": 0.05, "timeout": 5} | options
    return SpApiClient(sp_api["host"], extra["lwa_endpoint"], credentials, **settings)


def stores(conn: db.Connection) -> list[dict]:
    return [db.fetch_one(conn, "extract/read_store", {"store_id": s["store_id"]})
            for s in db.fetch_all(conn, "extract/list_stores")]
