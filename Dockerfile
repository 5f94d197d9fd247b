# Two images from one file. `product`: the Airflow image with what runs inside Airflow (pinned
# dependencies, DAGs, the amazon_orders package, SQL, the init script). `testbed`: the product
# plus the fake Amazon and the laptop harness (testbed/), for the compose file's simulator and
# trial services only. `docker compose up --build` builds both.
FROM apache/airflow:3.3.2-python3.11 AS product
COPY requirements.txt /requirements.txt
RUN pip install --no-cache-dir -r /requirements.txt
COPY --chown=airflow:root dags/ /opt/airflow/dags/
COPY --chown=airflow:root plugins/ /opt/airflow/plugins/
COPY --chown=airflow:root include/ /opt/airflow/include/
COPY --chown=airflow:root deploy/ /opt/airflow/deploy/
ENV PYTHONPATH=/opt/airflow/plugins \
    AMAZON_ORDERS_HOME=/opt/airflow

FROM product AS testbed
COPY --chown=airflow:root testbed/ /opt/airflow/testbed/
ENV PYTHONPATH=/opt/airflow/plugins:/opt/airflow/testbed
