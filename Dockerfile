# The Airflow image with the project inside: pinned dependencies, DAGs, the amazon_orders
# package, SQL and scenarios, and the init script. `docker compose up --build` rebuilds it.
FROM apache/airflow:3.3.2-python3.11
COPY requirements.txt /requirements.txt
RUN pip install --no-cache-dir -r /requirements.txt
COPY --chown=airflow:root dags/ /opt/airflow/dags/
COPY --chown=airflow:root plugins/ /opt/airflow/plugins/
COPY --chown=airflow:root include/ /opt/airflow/include/
COPY --chown=airflow:root deploy/ /opt/airflow/deploy/
ENV PYTHONPATH=/opt/airflow/plugins \
    AMAZON_ORDERS_HOME=/opt/airflow
