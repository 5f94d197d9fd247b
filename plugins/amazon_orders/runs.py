"""Run keys: one per store per DAG run, the key every step's rows are written under."""

from __future__ import annotations


def run_key(dag_run_id: str, store_id: int) -> str:
    return f"{dag_run_id}/store-{store_id}"
