#!/usr/bin/env bash
# The compose init service (docker-compose.yaml `airflow-init`): everything the cluster needs
# before its components start. Each step is idempotent, so it runs at every `compose up`.
set -euo pipefail
echo "Airflow $(airflow version): migrating its metadata database"
airflow db migrate
echo "The amazon and commerce schemas (COMMERCE_DB_URL)"
python -m amazon_orders.migrate
echo "Pools and connections"
python -m amazon_orders.cluster
