"""The laptop harness: plays the product on one machine, for the demo, the tests and the bench.

Who it is for: a developer or evaluator with Python and make, no Amazon account and no
Airflow cluster. It starts an embedded Postgres and the SP-API simulator, runs the DAGs
with `airflow dags test` (or their task functions in-process), loads scenario files, and
measures the pipeline. The product (`amazon_orders`) never imports it.
"""
