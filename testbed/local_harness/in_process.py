"""The DAGs played in this process, without a scheduler: fast runs for the tests and scripts.

Nothing here knows the pipeline's steps. Each DAG file is loaded as Airflow would load it,
its params resolved from `conf` as a trigger would (defaults, then the JSON schema's
checks), and its tasks called in the DAG's own order: the task that lists the stores
first, then, store by store, every task of the mapped group. The task functions are the
DAG's own, so the in-process path runs exactly the task layer that Airflow runs.
"""

from __future__ import annotations

import copy
import graphlib
import importlib.util
import inspect
import json
import os
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from amazon_orders.settings import COMMERCE_DB_CONN_ID, PROJECT_HOME, SP_API_CONN_ID
from amazon_orders.sp_api import Credentials, SpApiClient

_LOADING = threading.Lock()  # runs in threads (a concurrency test) build each DAG once, not at once


def load_dag(dag_id: str) -> Any:
    """The DAG of dags/<dag_id>.py (the file, its function and the DAG share the id)."""
    with _LOADING:
        return _load_dag(dag_id)


@cache
def _load_dag(dag_id: str) -> Any:
    path = PROJECT_HOME / "dags" / f"{dag_id}.py"
    spec = importlib.util.spec_from_file_location(f"in_process_{dag_id}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, dag_id)()


def task_order(dag: Any) -> list[Any]:
    """The DAG's tasks, each after its upstream tasks."""
    graph = graphlib.TopologicalSorter({t.task_id: t.upstream_task_ids for t in dag.tasks})
    by_id = {t.task_id: t for t in dag.tasks}
    return [by_id[task_id] for task_id in graph.static_order()]


def resolve_params(dag: Any, conf: dict | None) -> dict:
    """The run's params as Airflow gives them to a triggered run: defaults overlaid by conf, checked."""
    params = copy.deepcopy(dag.params)
    for name, value in (conf or {}).items():
        params[name] = value  # checked against the param's schema here
    return params.validate()


def _call(task: Any, **context: Any) -> Any:
    """Call a task's function with the context values its signature asks for, as Airflow does."""
    wanted = inspect.signature(task.python_callable).parameters
    return task.python_callable(**{name: value for name, value in context.items() if name in wanted})


class InProcessDags:
    """`dags_test` for every store, in this process; the connections come from the environment."""

    def __init__(self, commerce_db_url: str, sp_api: dict, client_options: dict | None = None) -> None:
        """client_options: the SP-API client's settings for these runs (the connection's extra.client)."""
        self.db_url = commerce_db_url
        # Unpaced: a play runs far more syncs than Amazon's plans allow in real time.
        extra = {**sp_api["extra"], "pacing_scale": 0, "client": client_options or {}}
        self.sp_api = {**sp_api, "extra": extra}

    def with_client(self, **options: object) -> InProcessDags:
        """The same runs with other SP-API client settings (short timeouts, fast retries)."""
        return InProcessDags(self.db_url, self.sp_api, {**self.sp_api["extra"]["client"], **options})

    def client(self, seller_id: str) -> SpApiClient:
        """A client of one seller with this play's credentials (for tests that call SP-API directly)."""
        extra = self.sp_api["extra"]
        credentials = Credentials(
            self.sp_api["login"], self.sp_api["password"], extra["refresh_tokens"][seller_id]
        )
        return SpApiClient(self.sp_api["host"], extra["lwa_endpoint"], credentials, **extra["client"])

    def dags_test(
        self,
        dag_id: str,
        conf: dict | None = None,
        dag_run_id: str | None = None,
        triggering_asset_events: Any = None,
    ) -> None:
        """One run of the DAG; the same `dag_run_id` again is a retry of it. `triggering_asset_events`:
        what an asset-triggered run's first task is handed ({asset: [events with .extra]})."""
        dag = load_dag(dag_id)
        params = resolve_params(dag, conf)
        run_id = dag_run_id or f"in_process__{uuid.uuid4()}"
        listing, *_ = task_order(dag)
        with self._connections():
            events = triggering_asset_events
            for store_id in _call(listing, params=params, run_id=run_id, triggering_asset_events=events):
                self.run_store(dag_id, store_id, run_id, conf)

    def run_store(self, dag_id: str, store_id: int, dag_run_id: str, conf: dict | None = None) -> None:
        """One store's share of a DAG run: every task of the DAG but the one listing the stores."""
        dag = load_dag(dag_id)
        params = resolve_params(dag, conf)
        _, *per_store = task_order(dag)
        from airflow.sdk.exceptions import AirflowSkipException

        with self._connections():
            for task in per_store:
                try:
                    _call(task, store_id=store_id, params=params, run_id=dag_run_id)
                except AirflowSkipException:  # a task that skips itself (an asset event not due)
                    continue

    @contextmanager
    def _connections(self) -> Iterator[None]:
        """The two Airflow connections, as AIRFLOW_CONN_* variables, while any run of this process is on.

        Runs may overlap (threads of a concurrency test): the first one in sets the variables,
        the last one out puts back what was there before.
        """
        wanted = {
            f"AIRFLOW_CONN_{COMMERCE_DB_CONN_ID.upper()}": self.db_url,
            f"AIRFLOW_CONN_{SP_API_CONN_ID.upper()}": json.dumps(self.sp_api),
        }
        with _ENVIRONMENT:
            if _ENVIRONMENT.users == 0:
                _ENVIRONMENT.before = {name: os.environ.get(name) for name in wanted}
            os.environ.update(wanted)
            _ENVIRONMENT.users += 1
        try:
            yield
        finally:
            with _ENVIRONMENT:
                _ENVIRONMENT.users -= 1
                if _ENVIRONMENT.users == 0:
                    for name, value in _ENVIRONMENT.before.items():
                        if value is None:
                            os.environ.pop(name, None)
                        else:
                            os.environ[name] = value


class _Environment:
    """The process's connection variables, shared by overlapping in-process runs."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.users = 0
        self.before: dict[str, str | None] = {}

    def __enter__(self) -> None:
        self._lock.acquire()

    def __exit__(self, *exc: object) -> None:
        self._lock.release()


_ENVIRONMENT = _Environment()
