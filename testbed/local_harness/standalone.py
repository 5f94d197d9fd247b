"""`make airflow`: Airflow 3 on this machine, with the UI, against the project's databases.

Starts the API server (UI and REST API v2), the scheduler (LocalExecutor), the DAG
processor and the triggerer as child processes, with the connections `commerce_db` and `amazon_sp_api`
in their environment, the pool `amazon_sp_api` (`AMAZON_SP_API_POOL_SLOTS` slots, as in a
cluster), and the project's DAGs unpaused as configured (`AMAZON_ORDERS_UNPAUSED`:
comma-separated DAG ids; default all of them). Ctrl-C, TERM and HUP stop every process it
started within STOP_GRACE_SECONDS (then KILL), the simulator too. `--notifications`
(`make airflow NOTIFICATIONS=1`): a local SQS server too, the simulator notifying into it, the
sellers subscribed, and the queue watched by `amazon_order_notifications`'s Asset. The
login is the simple auth manager's: user `admin`, password kept in
`.local/airflow-ui/passwords.json` (created once, printed at start).

The tests start the same `AirflowServer` with `schedule=False` (no cron runs: only
triggered ones) so that what they trigger is the only thing that runs; the Celery test's
cluster starts its processes with the same `AirflowProcesses`.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack, suppress
from pathlib import Path
from typing import Any

import psutil
import requests

from amazon_orders.cluster import pools
from amazon_orders.settings import DAG_IDS
from local_harness.environment import STATE_HOME
from local_harness.local_airflow import LocalAirflow
from local_harness.ports import free_port

ADMIN_USER = "admin"
SIMPLE_AUTH_MANAGER = "airflow.api_fastapi.auth.managers.simple.simple_auth_manager.SimpleAuthManager"
# The triggerer runs deferred work, such as the DAGs' Deadline Alert callbacks.
COMPONENTS = ("api-server", "scheduler", "dag-processor", "triggerer")
# How long a stop lets Airflow's processes end on TERM before it KILLs them: short enough that a
# service manager's TERM, then KILL 3 seconds later, finds every process already gone.
STOP_GRACE_SECONDS = 1.5
# Every process AirflowProcesses starts carries this variable (with its set's id);
# `stragglers()` finds by it what left its process group, such as task processes.
MARKER = "AMAZON_ORDERS_AIRFLOW_PROCESSES"


def airflow_command(*args: str) -> list[str]:
    """The `airflow` CLI of this interpreter's environment, with these arguments."""
    return [str(Path(sys.executable).with_name("airflow")), *args]


class AirflowProcesses:
    """Named processes (Airflow's components) started with one environment, each in a
    process group of its own and writing `<logs>/<name>.log`; `stop()` ends them all."""

    def __init__(
        self, env: dict[str, str], logs: Path, cwd: Path | None = None, set_id: str | None = None
    ) -> None:
        self.id = set_id or secrets.token_hex(4)
        self.env = {**env, MARKER: self.id}
        self.logs = logs
        self.cwd = cwd
        self.running: dict[str, subprocess.Popen] = {}

    def log(self, name: str) -> Path:
        return self.logs / f"{name}.log"

    def run(self, name: str, command: list[str], timeout: float) -> None:
        """Run a command to its end (a migration, the pools), its output in its log; raise if it failed."""
        self.logs.mkdir(parents=True, exist_ok=True)
        log = self.log(name)
        with log.open("a") as out:
            done = subprocess.run(
                command, env=self.env, stdout=out, stderr=subprocess.STDOUT, timeout=timeout, cwd=self.cwd
            )
        if done.returncode != 0:
            raise RuntimeError(
                f"{' '.join(command[-3:])} failed (exit {done.returncode}):\n"
                f"{log.read_text(errors='replace')[-3000:]}"
            )

    def start(self, name: str, command: list[str]) -> subprocess.Popen:
        """Start a long-running process; a session of its own, so that stopping its process
        group ends its children too."""
        self.logs.mkdir(parents=True, exist_ok=True)
        with self.log(name).open("a") as out:
            self.running[name] = subprocess.Popen(
                command,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                cwd=self.cwd,
            )
        return self.running[name]

    def exited(self) -> list[str]:
        """The names of the started processes that have ended."""
        return [name for name, process in self.running.items() if process.poll() is not None]

    def wait_until(self, ready: Callable[[], bool], timeout: float, what: str) -> None:
        """Poll `ready` every second until it holds: RuntimeError as soon as one of the
        processes has ended, TimeoutError after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            dead = self.exited()
            if dead:
                code = self.running[dead[0]].returncode
                raise RuntimeError(
                    f"airflow {dead[0]} exited ({code}) while waiting for {what}; see {self.log(dead[0])}"
                )
            if ready():
                return
            time.sleep(1)
        raise TimeoutError(f"waited {timeout:.0f}s for {what}; logs in {self.logs}")

    def stop(self, grace: float = 30) -> list[int]:
        """TERM every process group (the last started first), KILL what is left after `grace`
        seconds, then KILL the stragglers; return the stragglers' pids."""
        for process in reversed(list(self.running.values())):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for process in self.running.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
        for process in self.running.values():
            try:
                os.killpg(process.pid, signal.SIGKILL)  # the whole group, even if its leader is gone
            except ProcessLookupError:
                pass
            process.wait(timeout=10)
        self.running.clear()
        left = self.stragglers()  # processes that left their group (e.g. task processes)
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        return left

    def stragglers(self) -> list[int]:
        """Processes still alive that carry this set's marker in their environment (Linux's
        /proc; none found where there is no /proc)."""
        found = []
        needle = f"{MARKER}={self.id}".encode()
        proc = Path("/proc")
        for entry in proc.iterdir() if proc.is_dir() else ():
            if not entry.name.isdigit():
                continue
            try:
                if needle in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
            except OSError:  # gone, or not ours to read
                continue
        return found

    def tails(self, lines: int = 40) -> str:
        """The last lines of every log in the logs folder."""
        parts = []
        for path in sorted(self.logs.glob("*.log")):
            tail = path.read_text(errors="replace").splitlines()[-lines:]
            parts.append(f"--- {path.name} ---\n" + "\n".join(tail))
        return "\n".join(parts)


class AirflowServer(LocalAirflow):
    """API server + scheduler + DAG processor as child processes; `stop()` ends them."""

    def __init__(
        self,
        commerce_db_url: str,
        sp_api: dict,
        home: Path | None = None,
        port: int = 0,
        schedule: bool = True,
        unpause: tuple[str, ...] = DAG_IDS,
        extra_env: dict[str, str] | None = None,
    ) -> None:
        home = home or STATE_HOME / "airflow-ui"
        home.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.unpause = unpause
        self.password = self._password(home)
        env = {
            "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
            "AIRFLOW__CORE__PARALLELISM": "4",
            "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "True",
            "AIRFLOW__CORE__AUTH_MANAGER": SIMPLE_AUTH_MANAGER,
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": f"{ADMIN_USER}:admin",
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(home / "passwords.json"),
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"{self.url}/execution/",
            "AIRFLOW__API__HOST": "127.0.0.1",
            "AIRFLOW__API__PORT": str(self.port),
            "AIRFLOW__API__BASE_URL": self.url,
            "AIRFLOW__API__WORKERS": "1",
            "AIRFLOW__API__SECRET_KEY": self._secret(home, "secret_key"),
            "AIRFLOW__API_AUTH__JWT_SECRET": self._secret(home, "jwt_secret"),
            "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "10",
            "AIRFLOW__DAG_PROCESSOR__MIN_FILE_PROCESS_INTERVAL": "10",
            "AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": str(schedule),
            "AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC": "2",
            "AIRFLOW__SCHEDULER__TASK_QUEUED_TIMEOUT": "300",
            "AIRFLOW__LOGGING__LOGGING_LEVEL": "INFO",
        }
        super().__init__(commerce_db_url, sp_api, home, {**env, **(extra_env or {})})
        self.processes = AirflowProcesses(self._env, self.home / "logs")

    @staticmethod
    def _password(home: Path) -> str:
        """The admin's password: created once per Airflow home, kept beside its metadata."""
        file = home / "passwords.json"
        if file.exists():
            return json.loads(file.read_text())[ADMIN_USER]
        password = secrets.token_urlsafe(12)
        file.write_text(json.dumps({ADMIN_USER: password}))
        file.chmod(0o600)
        return password

    @staticmethod
    def _secret(home: Path, name: str) -> str:
        file = home / f".{name}"
        if not file.exists():
            file.write_text(secrets.token_urlsafe(32))
            file.chmod(0o600)
        return file.read_text()

    def ensure_metadata_db(self) -> None:
        """Migrate a template metadata database once per Airflow version, then copy it (fast)."""
        import airflow

        target = self.home / "airflow.db"
        if not self._env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].endswith(str(target)):
            return super().ensure_metadata_db()  # a configured metadata database
        if target.exists():
            return super().ensure_metadata_db()
        template = STATE_HOME / f"airflow-template-{airflow.__version__}" / "airflow.db"
        if not template.exists():
            template.parent.mkdir(parents=True, exist_ok=True)
            env = {
                **self._env,
                "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{template}",
                "AIRFLOW_HOME": str(template.parent),
            }
            done = subprocess.run(airflow_command("db", "migrate"), env=env, capture_output=True, text=True)
            if done.returncode != 0:
                template.unlink(missing_ok=True)
                raise RuntimeError(f"airflow db migrate failed:\n{done.stderr[-3000:]}")
        shutil.copyfile(template, target)
        (self.home / f".migrated-{airflow.__version__}").touch()

    # --- lifecycle -------------------------------------------------------------------------

    def start(self, timeout: float = 180) -> AirflowServer:
        self.ensure_metadata_db()
        for pool in pools():  # the cluster's pools, AMAZON_SP_API_POOL_SLOTS honoured
            done = self._airflow("pools", "set", pool.name, str(pool.slots), pool.description)
            if done.returncode != 0:
                raise RuntimeError(f"airflow pools set {pool.name} failed:\n{done.stderr[-2000:]}")
        for component in COMPONENTS:
            self.processes.start(component, airflow_command(component))
        try:
            self._wait_until(self._healthy, timeout, "the API server to answer")
            token = self.token()
            self._wait_until(
                lambda: self._dags_known(token), timeout, f"the DAGs {list(DAG_IDS)} to be parsed"
            )
            for dag_id in self.unpause:
                self.api("PATCH", f"/api/v2/dags/{dag_id}", token, json={"is_paused": False})
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        self.processes.stop(grace=STOP_GRACE_SECONDS)

    def __enter__(self) -> AirflowServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _wait_until(self, ready: Callable[[], bool], timeout: float, what: str) -> None:
        self.processes.wait_until(ready, timeout, what)

    def _healthy(self) -> bool:
        try:
            return requests.get(f"{self.url}/api/v2/monitor/health", timeout=5).ok
        except requests.RequestException:
            return False

    def _dags_known(self, token: str) -> bool:
        found = self.api("GET", "/api/v2/dags", token, params={"limit": 100}, check=False)
        ids = {d["dag_id"] for d in found.json().get("dags", [])} if found.ok else set()
        return set(DAG_IDS) <= ids

    # --- REST API v2 -------------------------------------------------------------------------

    def token(self, username: str = ADMIN_USER, password: str | None = None) -> str:
        """A JWT from the simple auth manager's `POST /auth/token`."""
        answer = requests.post(
            f"{self.url}/auth/token",
            timeout=30,
            json={"username": username, "password": password or self.password},
        )
        answer.raise_for_status()
        return answer.json()["access_token"]

    def api(self, method: str, path: str, token: str, check: bool = True, **kwargs) -> requests.Response:
        answer = requests.request(
            method, f"{self.url}{path}", timeout=30, headers={"Authorization": f"Bearer {token}"}, **kwargs
        )
        if check and not answer.ok:
            raise RuntimeError(f"{method} {path}: {answer.status_code} {answer.text[:500]}")
        return answer

    def trigger(self, dag_id: str, conf: dict, token: str) -> str:
        """Trigger a run with the trigger form's Params; return its run id."""
        answer = self.api(
            "POST", f"/api/v2/dags/{dag_id}/dagRuns", token, json={"logical_date": None, "conf": conf}
        )
        return answer.json()["dag_run_id"]

    def wait_for_run(self, dag_id: str, run_id: str, token: str, timeout: float = 300) -> str:
        """The run's final state (success or failed); TimeoutError if it is still going."""
        state: dict[str, str] = {}

        def finished() -> bool:
            state["now"] = self.api("GET", f"/api/v2/dags/{dag_id}/dagRuns/{run_id}", token).json()["state"]
            return state["now"] in ("success", "failed")

        self._wait_until(finished, timeout, f"run {run_id} of {dag_id} to finish")
        return state["now"]


def scenario_connection(runner: Any) -> dict:
    """The `amazon_sp_api` connection a ScenarioRunner made (its fresh LWA credentials)."""
    from amazon_orders.settings import SP_API_CONN_ID

    return (
        getattr(runner, "sp_api", None)
        or getattr(runner.dags, "sp_api", None)
        or json.loads(runner.dags._env[f"AIRFLOW_CONN_{SP_API_CONN_ID.upper()}"])
    )


STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)


def _interrupt(_signum: int, _frame: object) -> None:
    """Stop as Ctrl-C does, once: a second signal (make forwards TERM, a service manager may also
    TERM the whole group) must not break off the stop it started. Every child hears TERM now, so
    that the simulator ends while Airflow does rather than after it: a service manager KILLs
    what is left 3 seconds after its TERM."""
    for number in STOP_SIGNALS:
        signal.signal(number, signal.SIG_IGN)
    for child in psutil.Process().children():
        with suppress(psutil.Error):
            child.terminate()
    raise KeyboardInterrupt


def _notifications_on(sqs: Any, connection: dict) -> dict[str, str]:
    """A queue on the local SQS server, the sellers subscribed to it (the setup command's work), and
    the environment that makes Airflow watch it."""
    from amazon_orders import notifications
    from amazon_orders.settings import NOTIFICATIONS_AWS_CONN_ID, SP_API_CONN_ID

    queue = sqs.create_queue("amazon-order-changes")
    variable = f"AIRFLOW_CONN_{SP_API_CONN_ID.upper()}"
    before = os.environ.get(variable)
    os.environ[variable] = json.dumps(connection)
    try:
        for line in notifications.setup(queue.arn, "amazon-orders"):
            print(f"notifications: {line}")
    finally:
        if before is None:
            del os.environ[variable]
        else:
            os.environ[variable] = before
    print(f"notifications: SQS queue {queue.url}")
    return {
        "AMAZON_ORDERS_NOTIFICATIONS_QUEUE_URL": queue.url,
        "AMAZON_ORDERS_NOTIFICATIONS_POLL_SECONDS": "1",
        f"AIRFLOW_CONN_{NOTIFICATIONS_AWS_CONN_ID.upper()}": json.dumps(sqs.aws_connection()),
    }


def main(argv: list[str] | None = None) -> int:
    from amazon_orders.migrate import migrate
    from amazon_orders.settings import SP_API_CONN_ID
    from local_harness import environment
    from local_harness.demo import sp_api
    from local_harness.environment import DEMO_SCENARIO
    from local_harness.scenario import load_scenario
    from local_harness.scenario.runner import ScenarioRunner
    from local_harness.sqs import running_sqs

    parser = argparse.ArgumentParser(prog="make airflow", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("AIRFLOW_PORT", "8080")))
    parser.add_argument(
        "--scenario",
        type=Path,
        default=DEMO_SCENARIO,
        help="the world loaded into the simulator (when the simulator is used)",
    )
    parser.add_argument(
        "--notifications",
        action="store_true",
        help="ORDER_CHANGE notifications too: a local SQS server (moto), the simulator sending to it, "
        "the sellers subscribed, and the notifications DAG's queue watched (docs/notifications.md)",
    )
    args = parser.parse_args(argv)
    for number in STOP_SIGNALS:  # `kill` stops it as cleanly as Ctrl-C, at any point of the start
        signal.signal(number, _interrupt)
    scenario = load_scenario(args.scenario)
    db_url = environment.commerce_db()
    migrate(db_url)
    print(f"Commerce database: {db_url.split('@')[-1]}")
    unpause = tuple(d for d in os.environ.get("AMAZON_ORDERS_UNPAUSED", ",".join(DAG_IDS)).split(",") if d)
    with ExitStack() as stack:
        sqs = stack.enter_context(running_sqs()) if args.notifications else None
        endpoint, lwa = stack.enter_context(sp_api(scenario, sqs.endpoint if sqs else None))
        configured = os.environ.get(f"AIRFLOW_CONN_{SP_API_CONN_ID.upper()}")
        if configured:
            connection = json.loads(configured)
        else:  # the simulator: load the scenario's world, with fresh LWA credentials
            runner = ScenarioRunner(scenario, db_url, endpoint, lwa)
            runner.load()
            connection = scenario_connection(runner)
        extra_env = _notifications_on(sqs, connection) if sqs else {}
        server = AirflowServer(db_url, connection, port=args.port, unpause=unpause, extra_env=extra_env)
        print(f"starting Airflow (logs in {server.home / 'logs'}) ...", flush=True)
        with server:
            print(
                f"\nAirflow UI:      {server.url}\n"
                f"Store dashboard: {server.url}/amazon-orders/\n"
                f"Login:           {ADMIN_USER} / {server.password}\n"
                f"Unpaused DAGs:   {', '.join(unpause) or 'none'}\n"
                "Ctrl-C stops it.",
                flush=True,
            )
            try:
                while not (dead := server.processes.exited()):
                    time.sleep(2)
                print(f"airflow {dead[0]} exited (see {server.home / 'logs'}); stopping the rest ...")
            except KeyboardInterrupt:
                print("stopping Airflow ...")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # stopped while starting: everything started is stopped already
        sys.exit(130)
