"""A real Airflow 3 cluster on this machine: API server, scheduler, DAG processor and a Celery
worker as separate processes, sharing nothing but a Postgres metadata database, a Redis
broker and the Airflow connections in their environment (as containers would)."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2
import requests
from amazon_orders.settings import PROJECT_HOME
from psycopg2 import sql

# Every process the cluster starts carries this variable; cleanup finds stragglers by it.
MARKER = "AMAZON_ORDERS_TEST_CLUSTER"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.queue = f"amazon-orders-{self.cluster_id}"
        self.api_port = free_port()
        self.api_url = f"http://127.0.0.1:{self.api_port}"
        self.env = self._environment()

    def _environment(self) -> dict[str, str]:
        alchemy = self.metadata_url.replace("postgresql://", "postgresql+psycopg2://", 1)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "AMAZON_ORDERS"))}
        env.update({
            MARKER: self.cluster_id,
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
        })
        env.update({f"AIRFLOW_CONN_{conn_id.upper()}": value for conn_id, value in self.connections.items()})
        env.update(self.extra_env)
        return env

    # --- lifecycle -------------------------------------------------------------------

    def _command(self, *args: str) -> list[str]:
        return [str(Path(sys.executable).with_name("airflow")), *args]

    def _run(self, name: str, command: list[str], timeout: float) -> None:
        log = self.home / f"{name}.log"
        with log.open("w") as out:
            done = subprocess.run(command, env=self.env, stdout=out, stderr=subprocess.STDOUT, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command[-3:])} failed (exit {done.returncode}):\n{log.read_text()[-3000:]}")

    def _start(self, name: str, command: list[str]) -> None:
        out = (self.home / f"{name}.log").open("w")
        # A session of its own: stopping the process group ends the component and its children.
        self.processes[name] = subprocess.Popen(command, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                                start_new_session=True, cwd=self.home)
        out.close()

    def start(self) -> None:
        """What the compose init service does, and every component as its own process."""
        self.home.mkdir(parents=True, exist_ok=True)
        self._run("db-migrate", self._command("db", "migrate"), timeout=300)
        self._start("api-server", self._command("api-server", "--host", "127.0.0.1", "--port",
                                                str(self.api_port), "--workers", "1"))
        self._start("scheduler", self._command("scheduler"))
        self._start("dag-processor", self._command("dag-processor"))
        self._start("celery-worker", self._command(
            "celery", "worker", "--queues", self.queue, "--concurrency", str(self.worker_concurrency),
            "--celery-hostname", f"worker-{self.cluster_id}@%h", "--skip-serve-logs",
            "--without-gossip", "--without-mingle"))
        # The pools, while the components boot (nothing is scheduled before the test triggers a run).
        self._run("cluster", [sys.executable, "-m", "amazon_orders.cluster"], timeout=180)

    def stop(self) -> None:
        """End every process the cluster started: its components, their children, any straggler."""
        for process in reversed(list(self.processes.values())):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 30
        for process in self.processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
        for process in self.processes.values():
            try:
                os.killpg(process.pid, signal.SIGKILL)  # the whole group, even if its leader is gone
            except ProcessLookupError:
                pass
            process.wait(timeout=10)
        for pid in self.stragglers():  # children that left the group (e.g. task processes)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def stragglers(self) -> list[int]:
        """Processes still alive that carry this cluster's marker in their environment."""
        found = []
        needle = f"{MARKER}={self.cluster_id}".encode()
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                if needle in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
            except OSError:  # gone, or not ours to read
                continue
        return found

    def logs(self, lines: int = 40) -> str:
        parts = []
        for path in sorted(self.home.glob("*.log")):
            tail = path.read_text(errors="replace").splitlines()[-lines:]
            parts.append(f"--- {path.name} ---\n" + "\n".join(tail))
        return "\n".join(parts)

    # --- the REST API ------------------------------------------------------------------

    def api(self, method: str, path: str, **kwargs) -> requests.Response:  # noqa: ANN003
        return requests.request(method, f"{self.api_url}/api/v2{path}", timeout=30, **kwargs)

    def wait_for(self, what: str, ready: callable, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name, process in self.processes.items():
                if process.poll() is not None:
                    raise RuntimeError(f"{name} exited ({process.returncode}) while waiting for {what}\n{self.logs()}")
            try:
                if ready():
                    return
            except requests.ConnectionError:
                pass
            time.sleep(1)
        raise TimeoutError(f"no {what} after {timeout:.0f}s\n{self.logs()}")

    def wait_for_dag(self, dag_id: str, timeout: float = 180) -> None:
        self.wait_for("API server", lambda: self.api("GET", "/version").ok, timeout)
        self.wait_for(f"DAG {dag_id} parsed", lambda: self.api("GET", f"/dags/{dag_id}").ok, timeout)

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

        self.wait_for(f"end of run {run_id}", finished, timeout)
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
