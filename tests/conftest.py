"""Shared fixtures: a real Postgres (embedded, or the server of COMMERCE_DB_URL) with a
fresh schema per test, and a real SP-API simulator over HTTP."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import psycopg2
import pytest
import yaml
from psycopg2 import sql

from amazon_orders import db, settings
from amazon_orders.migrate import reset
from amazon_orders.sp_api.model import LWA_TOKEN_PATH
from local_harness import embedded_postgres
from local_harness.scenario import load_scenario
from local_harness.scenario.runner import ScenarioRunner
from sp_api_simulator import running_simulator

# One database per test session: two suites on one server never drop each other's schemas.
TEST_DATABASE = f"amazon_orders_test_{os.getpid()}"


@pytest.fixture(scope="session")
def test_database_url() -> Iterator[str]:
    """A database of its own for the suite, on the configured server or the embedded one."""
    configured = settings.commerce_db_url()
    server = configured if configured else embedded_postgres.ensure_running()
    base, _, _ = server.rpartition("/")
    embedded_postgres.ensure_database(f"{base}/postgres", TEST_DATABASE)
    yield f"{base}/{TEST_DATABASE}"
    admin = psycopg2.connect(f"{base}/postgres")
    admin.autocommit = True
    with closing(admin), admin.cursor() as cur:
        cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(TEST_DATABASE)))


@pytest.fixture
def db_url(test_database_url: str) -> str:
    """The test database with freshly migrated, empty `amazon` and `commerce` schemas."""
    reset(test_database_url)
    return test_database_url


@pytest.fixture
def conn(db_url: str) -> Iterator[db.Connection]:
    with closing(db.connect(db_url)) as connection:
        yield connection


@pytest.fixture
def sim_url() -> Iterator[str]:
    with running_simulator() as url:
        yield url


@pytest.fixture
def play(db_url: str, sim_url: str, tmp_path: Path) -> Callable[..., ScenarioRunner]:
    """Write a scenario document to a file, load it, and play it in-process (or through Airflow)."""

    def _play(document: dict, in_process: bool = True, orders_api: str | None = None) -> ScenarioRunner:
        path = tmp_path / "scenario.yaml"
        path.write_text(yaml.safe_dump(document, sort_keys=False))
        runner = ScenarioRunner(
            load_scenario(path),
            db_url,
            sim_url,
            sim_url + LWA_TOKEN_PATH,
            in_process=in_process,
            orders_api=orders_api,
        )
        runner.play()
        return runner

    return _play
