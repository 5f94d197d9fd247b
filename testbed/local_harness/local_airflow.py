"""Airflow on this machine for the demo and the tests: real `airflow dags test` runs.

Airflow's own metadata lives in SQLite under the local state folder (unless
AIRFLOW__DATABASE__SQL_ALCHEMY_CONN says otherwise); the connections `commerce_db` and
`amazon_sp_api` come from the environment, never from files in the repository.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from amazon_orders.settings import COMMERCE_DB_CONN_ID, PROJECT_HOME, SP_API_CONN_ID
from local_harness.environment import IMPORT_PATH, STATE_HOME

# `airflow dags test` of Airflow 3.3.2 fails a run with a Deadline Alert as it ends it (see
# amazon_orders.alerts.overdue_run_deadline): its runs are made without the alert.
DAGS_TEST_ENV = {"AMAZON_ORDERS_RUN_DEADLINE_MINUTES": "0"}


class DagRunFailed(RuntimeError):
    """A `airflow dags test` run that did not succeed; the message names its log."""


class LocalAirflow:
    def __init__(
        self,
        commerce_db_url: str,
        sp_api: dict,
        home: Path | None = None,
        extra_env: dict[str, str] | None = None,
    ) -> None:
        self.home = home or STATE_HOME / "airflow"
        self.logs = self.home / "runs"
        self._env = self._environment(commerce_db_url, sp_api, extra_env or {})

    def _environment(self, commerce_db_url: str, sp_api: dict, extra_env: dict[str, str]) -> dict[str, str]:
        env = dict(os.environ)
        env.setdefault("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", f"sqlite:///{self.home / 'airflow.db'}")
        env.update(
            {
                "AIRFLOW_HOME": str(self.home),
                "AIRFLOW__CORE__DAGS_FOLDER": str(PROJECT_HOME / "dags"),
                "AIRFLOW__CORE__PLUGINS_FOLDER": str(PROJECT_HOME / "plugins"),
                "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
                "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
                "PYTHONPATH": os.pathsep.join(filter(None, [IMPORT_PATH, env.get("PYTHONPATH")])),
                "AMAZON_ORDERS_HOME": str(PROJECT_HOME),
                "AMAZON_ORDERS_RETRY_DELAY_SECONDS": env.get("AMAZON_ORDERS_RETRY_DELAY_SECONDS", "2"),
                f"AIRFLOW_CONN_{COMMERCE_DB_CONN_ID.upper()}": commerce_db_url,
                f"AIRFLOW_CONN_{SP_API_CONN_ID.upper()}": json.dumps(sp_api),
                "GX_ANALYTICS_ENABLED": "false",
                "TQDM_DISABLE": "1",
            }
        )
        env.update(extra_env)
        return env

    def _airflow(
        self, *args: str, log: Path | None = None, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess:
        command = [str(Path(sys.executable).with_name("airflow")), *args]
        env = {**self._env, **(env or {})}
        if log is None:
            return subprocess.run(command, env=env, capture_output=True, text=True)
        with log.open("w") as out:
            return subprocess.run(command, env=env, stdout=out, stderr=subprocess.STDOUT, text=True)

    def ensure_metadata_db(self) -> None:
        """Create or upgrade Airflow's metadata database once per Airflow version."""
        self.home.mkdir(parents=True, exist_ok=True)
        import airflow

        stamp = self.home / f".migrated-{airflow.__version__}"
        if stamp.exists():
            return
        done = self._airflow("db", "migrate")
        if done.returncode != 0:
            raise RuntimeError(f"airflow db migrate failed:\n{done.stderr[-3000:]}")
        stamp.touch()

    def dags_test(self, dag_id: str, conf: dict | None = None) -> Path:
        """Run one DAG run in-process with `airflow dags test`; return its log, raise if it failed."""
        self.ensure_metadata_db()
        self.logs.mkdir(parents=True, exist_ok=True)
        now = datetime.now(UTC)
        log = self.logs / f"{dag_id}-{now:%Y%m%dT%H%M%S%f}.log"
        args = ["dags", "test", dag_id, now.isoformat()]
        if conf:
            args += ["--conf", json.dumps(conf)]
        done = self._airflow(*args, log=log, env=DAGS_TEST_ENV)
        text = log.read_text(errors="replace")
        if done.returncode != 0 or not re.search(r"DagRun Finished:.*\sstate=success", text):
            raise DagRunFailed(f"{dag_id} did not succeed (exit {done.returncode}); log: {log}")
        return log
