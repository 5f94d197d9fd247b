"""A real Airflow 3 cluster on this machine: API server, scheduler, DAG processor and a Celery
worker as separate processes, sharing nothing but a Postgres metadata database, a Redis
broker and the Airflow connections in their environment (as containers would).

The processes are started and stopped by the harness's `AirflowProcesses`, as `make airflow`'s are.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2
import requests
from psycopg2 import sql

from amazon_orders.settings import PROJECT_HOME
from local_harness.ports import free_port
from local_harness.standalone import AirflowProcesses, airflow_command


def create_database(admin_url: str, name: str) -> None:
    conn = psycopg2.connect(admin_url)
    conn.autocommit = True
    with closing(conn), conn.cursor() as cur:
        cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(admin_url: str, name: str) -> None:
    conn = psycopg2.connect(admin_url)
    conn.autocommit = True
    with closing(conn), conn.cursor() as cur:
        cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@dataclass
class AirflowCluster:
    home: Path
    metadata_url: str  # postgresql://... of an empty database
    broker_url: str  # redis://host:port/db
    connections: dict[str, str]  # conn id -> AIRFLOW_CONN_* value
    extra_env: dict[str, str] = field(default_factory=dict)
    worker_concurrency: int = 4
    cluster_id: str = field(default_factory=lambda: secrets.token_hex(4))

    def __post_init__(self) -> None:
        self.queue = f"amazon-orders-{self.cluster_id}"
        self.api_port = free_port()
        self.api_url = f"http://127.0.0.1:{self.api_port}"
        self.env = self._environment()
        # Every process carries the cluster's id in its environment: stragglers() finds them by it.
        self.processes = AirflowProcesses(self.env, logs=self.home, cwd=self.home, set_id=self.cluster_id)

    def _environment(self) -> dict[str, str]:
        alchemy = self.metadata_url.replace("postgresql://", "postgresql+psycopg2://", 1)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "AMAZON_ORDERS"))}
        env.update(
            {
                "AIRFLOW_HOME": str(self.home),
                "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
                "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": alchemy,
                "AIRFLOW__CELERY__BROKER_URL": self.broker_url,
                "AIRFLOW__CELERY__RESULT_BACKEND": f"db+{self.metadata_url}",
                "AIRFLOW__OPERATORS__DEFAULT_QUEUE": self.queue,  # ours alone, even on a shared broker
                "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"{self.api_url}/execution/",
                "AIRFLOW__API__BASE_URL": self.api_url,
                "AIRFLOW__API_AUTH__JWT_SECRET": secrets.token_urlsafe(32),
                "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS": "True",
                "AIRFLOW__CORE__DAGS_FOLDER": str(PROJECT_HOME / "dags"),
                "AIRFLOW__CORE__PLUGINS_FOLDER": str(PROJECT_HOME / "plugins"),
                "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
                "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
                "AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": "False",  # only the runs the test triggers
                "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(free_port()),
                "AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT": str(free_port()),
                "PYTHONPATH": str(PROJECT_HOME / "plugins"),
                "AMAZON_ORDERS_HOME": str(PROJECT_HOME),
                "AMAZON_ORDERS_RETRY_DELAY_SECONDS": "2",
                "GX_ANALYTICS_ENABLED": "false",
                "TQDM_DISABLE": "1",
            }
        )
        env.update({f"AIRFLOW_CONN_{conn_id.upper()}": value for conn_id, value in self.connections.items()})
        env.update(self.extra_env)
        return env

    # --- lifecycle -------------------------------------------------------------------

    def start(self) -> None:
        """What the compose init service does, and every component as its own process."""
        self.home.mkdir(parents=True, exist_ok=True)
        run, start = self.processes.run, self.processes.start
        run("db-migrate", airflow_command("db", "migrate"), timeout=300)
        start(
            "api-server",
            airflow_command(
                "api-server", "--host", "127.0.0.1", "--port", str(self.api_port), "--workers", "1"
            ),
        )
        start("scheduler", airflow_command("scheduler"))
        start("dag-processor", airflow_command("dag-processor"))
        start(
            "celery-worker",
            airflow_command(
                "celery",
                "worker",
                "--queues",
                self.queue,
                "--concurrency",
                str(self.worker_concurrency),
                "--celery-hostname",
                f"worker-{self.cluster_id}@%h",
                "--skip-serve-logs",
                "--without-gossip",
                "--without-mingle",
            ),
        )
        # The pools, while the components boot (nothing is scheduled before the test triggers a run).
        run("cluster", [sys.executable, "-m", "amazon_orders.cluster"], timeout=180)

    def stop(self) -> None:
        """End every process the cluster started: its components, their children, any straggler."""
        self.processes.stop()

    def stragglers(self) -> list[int]:
        """Processes still alive that carry this cluster's marker in their environment."""
        return self.processes.stragglers()

    def logs(self, lines: int = 40) -> str:
        return self.processes.tails(lines)

    # --- the REST API ------------------------------------------------------------------

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        return requests.request(method, f"{self.api_url}/api/v2{path}", timeout=30, **kwargs)

    def wait_for(self, what: str, ready: Callable[[], bool], timeout: float) -> None:
        """Until `ready()` (an API server not answering yet is not ready); the logs' tails in the error."""

        def answered() -> bool:
            try:
                return ready()
            except requests.ConnectionError:
                return False

        try:
            self.processes.wait_until(answered, timeout, what)
        except (RuntimeError, TimeoutError) as error:
            raise type(error)(f"{error}\n{self.logs()}") from None

    def wait_for_dag(self, dag_id: str, timeout: float = 180) -> None:
        self.wait_for("the API server", lambda: self.api("GET", "/version").ok, timeout)
        self.wait_for(f"DAG {dag_id} to be parsed", lambda: self.api("GET", f"/dags/{dag_id}").ok, timeout)

    def trigger(self, dag_id: str, conf: dict | None = None) -> str:
        answer = self.api("POST", f"/dags/{dag_id}/dagRuns", json={"logical_date": None, "conf": conf or {}})
        answer.raise_for_status()
        return answer.json()["dag_run_id"]

    def wait_for_run(self, dag_id: str, run_id: str, timeout: float) -> str:
        """Wait until the run has finished; return its state."""
        state: dict[str, str] = {}

        def finished() -> bool:
            state["now"] = self.api("GET", f"/dags/{dag_id}/dagRuns/{run_id}").json()["state"]
            return state["now"] in ("success", "failed")

        self.wait_for(f"run {run_id} to finish", finished, timeout)
        return state["now"]

    def task_instances(self, dag_id: str, run_id: str) -> list[dict]:
        answer = self.api("GET", f"/dags/{dag_id}/dagRuns/{run_id}/taskInstances", params={"limit": 100})
        answer.raise_for_status()
        return answer.json()["task_instances"]


def running(cluster: AirflowCluster) -> Iterator[AirflowCluster]:
    """Start the cluster, yield it, and always stop it (a fixture's body)."""
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()
