"""What makes the DAGs safe on many workers: every task that calls SP-API holds the
`amazon_sp_api` pool, the pool and the connections are set up by one command, and no step
hands data to the next through local files."""

from __future__ import annotations

import ast
import inspect
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from amazon_orders import cluster, tasks
from amazon_orders.cluster import SP_API_POOL
from amazon_orders.settings import DAG_IDS

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def dag_bag():
    os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(ROOT / "dags"))


def calls_sp_api(function) -> bool:
    """A function that builds an SP-API client (and so calls Amazon)."""
    return "sp_api_client" in inspect.getsource(function)


def called_functions(task) -> list:
    """The package functions a task's callable calls as `module.function(...)`."""
    callable_ = task.python_callable
    found = []
    for node in ast.walk(ast.parse(inspect.getsource(callable_))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
        ):
            module = callable_.__globals__.get(node.func.value.id)
            if inspect.ismodule(module) and module.__name__.startswith("amazon_orders"):
                found.append(getattr(module, node.func.attr))
    return found


def test_the_check_sees_sp_api_calls():
    assert calls_sp_api(tasks.extract_orders) and calls_sp_api(tasks.confirm_shipments)
    assert not calls_sp_api(tasks.validate_candidates)


# Tasks that call SP-API without the pool, in DAG files this work may not change.
def sp_api_tasks(dag_bag) -> list[tuple[str, bool, str]]:
    return [
        (f"{dag.dag_id}.{task.task_id}", any(calls_sp_api(f) for f in called_functions(task)), task.pool)
        for dag in dag_bag.dags.values()
        for task in dag.tasks
    ]


def test_tasks_calling_sp_api_hold_the_pool_and_only_they(dag_bag):
    assert set(DAG_IDS) <= set(dag_bag.dag_ids)
    tasks = sp_api_tasks(dag_bag)
    assert {
        "amazon_order_import.import_store.extract_orders",
        "amazon_order_reconciliation.reconcile_store.confirm_shipments",
        "amazon_order_backfill.backfill_store",
    } <= {t for t, calls, _ in tasks if calls}
    wrong = [f"{task}: pool {pool}" for task, calls, pool in tasks if (pool == SP_API_POOL) != calls]
    assert wrong == []


def test_pool_slots_come_from_the_environment(monkeypatch):
    monkeypatch.delenv("AMAZON_SP_API_POOL_SLOTS", raising=False)
    assert [(p.name, p.slots) for p in cluster.pools()] == [(SP_API_POOL, 4)]
    monkeypatch.setenv("AMAZON_SP_API_POOL_SLOTS", "7")
    assert cluster.pools()[0].slots == 7
    monkeypatch.setenv("AMAZON_SP_API_POOL_SLOTS", "0")
    with pytest.raises(ValueError, match="AMAZON_SP_API_POOL_SLOTS"):
        cluster.pools()


def test_no_step_hands_data_on_through_local_files(dag_bag):
    """Tasks pass keys and counts; a file written on one worker is not there on the next. A step
    may spool into an anonymous temporary file (no name, gone when closed): nothing else can
    find it."""
    package = ROOT / "plugins" / "amazon_orders"
    called = {
        Path(inspect.getsourcefile(f))
        for dag in dag_bag.dags.values()
        for task in dag.tasks
        for f in called_functions(task)
    }
    modules = called | set(package.glob("pipeline/*.py")) | set(package.glob("sp_api/*.py"))
    assert package / "tasks.py" in modules
    writers = (
        "open(",
        "write_text(",
        "write_bytes(",
        "NamedTemporaryFile",
        "mkstemp",
        "mkdtemp",
        "to_csv(",
        "to_parquet(",
        "pickle.dump",
    )
    found = [f"{m.relative_to(ROOT)}: {w}" for m in sorted(modules) for w in writers if w in m.read_text()]
    assert found == []


@pytest.mark.dagrun
def test_cluster_command_creates_the_pool_and_names_missing_connections(tmp_path):
    """`python -m amazon_orders.cluster` as the init service runs it, on a fresh metadata database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "AMAZON_SP_API"))}
    env.update(
        {
            "AIRFLOW_HOME": str(tmp_path),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{tmp_path / 'airflow.db'}",
            "PYTHONPATH": str(ROOT / "plugins"),
            "AMAZON_SP_API_POOL_SLOTS": "3",
        }
    )
    airflow = str(Path(sys.executable).with_name("airflow"))
    migrated = subprocess.run([airflow, "db", "migrate"], env=env, capture_output=True, text=True)
    assert migrated.returncode == 0, migrated.stderr[-2000:]

    missing = subprocess.run(
        [sys.executable, "-m", "amazon_orders.cluster"], env=env, capture_output=True, text=True
    )
    assert missing.returncode == 1
    assert "['commerce_db', 'amazon_sp_api']" in missing.stderr

    env.update(
        {
            "AIRFLOW_CONN_COMMERCE_DB": "postgresql://commerce:s3cret-pw@db:5432/commerce",
            "AIRFLOW_CONN_AMAZON_SP_API": '{"conn_type": "http", "host": "http://sim:8000", '
            '"password": "s3cret-client"}',
        }
    )
    done = subprocess.run(
        [sys.executable, "-m", "amazon_orders.cluster"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "pool amazon_sp_api: 3 slots" in done.stdout
    assert "s3cret" not in done.stdout + done.stderr, "no secret in the init service's log"
    with closing(sqlite3.connect(tmp_path / "airflow.db")) as metadata:
        assert metadata.execute("SELECT slots FROM slot_pool WHERE pool = ?", (SP_API_POOL,)).fetchall() == [
            (3,)
        ]
