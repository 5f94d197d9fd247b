"""Every DAG imports cleanly and carries what operators rely on (the astro template's checks)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest

DAGS = Path(__file__).resolve().parents[2] / "dags"


@pytest.fixture(scope="module")
def dag_bag():
    os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS))


def test_no_import_errors(dag_bag):
    assert dag_bag.import_errors == {}


def test_public_dag_ids(dag_bag):
    assert {"amazon_order_import", "amazon_order_reconciliation"} <= set(dag_bag.dag_ids)


@pytest.mark.parametrize("dag_id", ["amazon_order_import", "amazon_order_reconciliation"])
def test_dag_contract(dag_bag, dag_id):
    dag = dag_bag.dags[dag_id]
    assert dag.tags, "tags"
    assert dag.doc_md and dag.doc_md.strip().startswith("###"), "the module docstring is the doc"
    assert dag.max_active_runs == 1
    assert dag.catchup is False
    for task in dag.tasks:
        assert task.retries >= 1, f"{task.task_id} has retries"


def test_import_runs_every_five_minutes_per_store(dag_bag):
    dag = dag_bag.dags["amazon_order_import"]
    assert dag.timetable.delta == timedelta(minutes=5)
    ids = [t.task_id for t in dag.tasks]
    assert ids.index("import_store.extract_orders") < ids.index("import_store.record_blockers")
    assert set(dag.params.keys()) >= {"stores", "order_ids"}
