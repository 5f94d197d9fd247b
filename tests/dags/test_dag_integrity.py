"""Every DAG in dags/ imports cleanly and carries what operators rely on (the astro template's checks)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from amazon_orders.assets import COMMERCE_ORDERS_CREATED
from amazon_orders.cluster import SP_API_POOL
from amazon_orders.settings import (
    DAG_IDS,
    DATABASE_TASK_TIMEOUT,
    IMPORT_DAG_ID,
    RECONCILIATION_DAG_ID,
    REVENUE_EXAMPLE_DAG_ID,
    RUN_DEADLINE,
)
from local_harness.environment import IMPORT_PATH

DAGS = Path(__file__).resolve().parents[2] / "dags"
DAG_FILES = sorted(DAGS.glob("*.py"))
# What a DAG file must not pull in at parse time: the scheduler parses every file often.
HEAVY = ("pandas", "numpy", "great_expectations")


@pytest.fixture(scope="module")
def dag_bag():
    os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS))


def test_no_import_errors(dag_bag):
    assert dag_bag.import_errors == {}


def test_every_dag_file_is_a_known_dag_named_for_its_file(dag_bag):
    assert {path.stem for path in DAG_FILES} == set(DAG_IDS) == set(dag_bag.dag_ids)


@pytest.mark.parametrize("path", DAG_FILES, ids=lambda p: p.stem)
def test_dag_contract(dag_bag, path):
    dag = dag_bag.dags[path.stem]
    assert dag.tags, "tags"
    assert dag.doc_md and dag.doc_md.strip().startswith("###"), "the module docstring is the doc"
    assert dag.max_active_runs == 1
    assert dag.catchup is False
    for task in dag.tasks:
        assert task.retries >= 1, f"{task.task_id} has retries"
        assert task.on_failure_callback, f"{task.task_id} alerts on failure"
        assert task.execution_timeout is not None, f"{task.task_id} has an execution timeout"
        if task.pool == SP_API_POOL:  # paced by Amazon's plans: longer than a database step
            assert task.execution_timeout >= DATABASE_TASK_TIMEOUT, task.task_id


@pytest.mark.parametrize("dag_id", [IMPORT_DAG_ID, RECONCILIATION_DAG_ID])
def test_a_late_run_raises_a_deadline_alert(dag_bag, dag_id):
    [alert] = dag_bag.dags[dag_id].deadline
    assert alert.interval == RUN_DEADLINE == timedelta(minutes=15)
    assert alert.callback.path == "amazon_orders.alerts.announce_overdue_run"


def test_the_import_announces_created_orders_and_the_example_dag_listens(dag_bag):
    announce = dag_bag.dags[IMPORT_DAG_ID].get_task("import_store.announce_created_orders")
    assert [a.name for a in announce.outlets] == [COMMERCE_ORDERS_CREATED.name]
    assert "import_store.create_commerce_orders" in announce.upstream_task_ids
    example = dag_bag.dags[REVENUE_EXAMPLE_DAG_ID]
    assert [a.name for a in example.timetable.asset_condition.objects] == [COMMERCE_ORDERS_CREATED.name]


@pytest.mark.parametrize("path", DAG_FILES, ids=lambda p: p.stem)
def test_a_dag_file_parses_without_pandas_numpy_or_great_expectations(path):
    probe = (
        f"import runpy, sys; runpy.run_path({str(path)!r}); "
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        env=os.environ | {"PYTHONPATH": IMPORT_PATH},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "", f"{path.name} imports {done.stdout.strip()} at parse time"


def test_the_probe_sees_a_heavy_import(tmp_path):
    heavy = tmp_path / "heavy_dag.py"
    heavy.write_text("import pandas\n")
    with pytest.raises(AssertionError, match="pandas"):
        test_a_dag_file_parses_without_pandas_numpy_or_great_expectations(heavy)


def test_import_runs_every_five_minutes_per_store(dag_bag):
    dag = dag_bag.dags[IMPORT_DAG_ID]
    assert dag.timetable.delta == timedelta(minutes=5)
    ids = [t.task_id for t in dag.tasks]
    assert ids.index("import_store.extract_orders") < ids.index("import_store.record_blockers")
    assert set(dag.params.keys()) >= {"stores", "order_ids"}


def test_tasks_run_in_order_without_placeholder_arguments(dag_bag):
    """Order is written with chain()/>>: each store's task takes the store id and Airflow's context only."""
    dag = dag_bag.dags[IMPORT_DAG_ID]
    upstream = {t.task_id: t.upstream_task_ids for t in dag.tasks}
    assert "import_store.validate_candidates" in upstream["import_store.create_commerce_orders"]
    for task in dag.tasks:
        assert set(task.op_kwargs) <= {"store_id"}, f"{task.task_id} takes {sorted(task.op_kwargs)}"


def test_a_deadline_of_zero_minutes_means_no_alert(monkeypatch):
    from amazon_orders import alerts

    monkeypatch.setattr(alerts, "RUN_DEADLINE", timedelta(0))  # as `airflow dags test` runs need
    assert alerts.overdue_run_deadline() is None
