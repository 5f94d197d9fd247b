# The Airflow image with the project's pinned dependencies (DAGs, plugins and SQL are mounted).
FROM apache/airflow:3.3.2-python3.11
COPY requirements.txt /requirements.txt
RUN pip install --no-cache-dir -r /requirements.txt
ENV PYTHONPATH=/opt/airflow/plugins \
    AMAZON_ORDERS_HOME=/opt/airflow
