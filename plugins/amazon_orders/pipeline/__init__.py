"""The steps of an import run and of reconciliation, each callable without Airflow.

Every step takes a database connection and keys (store id, run key), reads its input
from Postgres, writes its output there, and returns counts.
"""
