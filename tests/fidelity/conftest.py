"""Fidelity tests: the pipeline's extract with real clients against a real simulator and Postgres."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from amazon_orders import db
from amazon_orders.sp_api import SpApiClient
from amazon_orders.sp_api.model import LWA_TOKEN_PATH
from local_harness.scenario import load_scenario
from local_harness.scenario.runner import ScenarioRunner


@pytest.fixture
def world_loaded(db_url: str, sim_url: str, tmp_path: Path) -> Callable[[dict], ScenarioRunner]:
    """A scenario's world written to Postgres and the simulator, its steps not played."""

    def _load(document: dict, orders_api: str | None = None) -> ScenarioRunner:
        path = tmp_path / "scenario.yaml"
        path.write_text(yaml.safe_dump(document, sort_keys=False))
        runner = ScenarioRunner(
            load_scenario(path),
            db_url,
            sim_url,
            sim_url + LWA_TOKEN_PATH,
            in_process=True,
            orders_api=orders_api,
        )
        runner.load()
        return runner

    return _load


# Client settings that retry in milliseconds (the connection's extra.client).
FAST_RETRIES = {"backoff_base": 0.01, "backoff_max": 0.05, "timeout": 5}


def client_for(runner: ScenarioRunner, seller_id: str, **options: Any) -> SpApiClient:
    """A client with the store's credentials from the runner's connection, retrying in milliseconds."""
    return runner.dags.with_client(**FAST_RETRIES | options).client(seller_id)


def stores(conn: db.Connection) -> list[dict]:
    return [
        db.fetch_one(conn, "extract/read_store", {"store_id": s["store_id"]})
        for s in db.fetch_all(conn, "extract/list_stores")
    ]
