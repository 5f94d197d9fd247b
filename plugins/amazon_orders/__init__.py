"""Amazon Seller orders imported into a Commerce store database.

The domain package behind the DAGs: the SP-API client and simulator, the scenario
format, and the pipeline steps (extract, validate, load, record, reconcile).
Nothing here needs a running Airflow.
"""
