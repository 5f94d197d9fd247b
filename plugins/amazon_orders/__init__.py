"""Amazon Seller orders imported into a Commerce store database: the product.

Who it is for: what runs inside Airflow, and nothing else. The task layer the DAGs call
(`tasks`), the pipeline steps (extract, candidates, validate, load, record, reconcile),
the SP-API client with its seller pacing (`sp_api`), the rules and settings (each fact
defined once), the database access and migrations, the Airflow connections, pools and
alerts, and the store dashboard plugin. Every module works without a running Airflow.

The fake Amazon (`sp_api_simulator`) and the laptop harness (`local_harness`) live
beside it under `testbed/`; this package imports neither (tests/test_boundaries.py).
"""
