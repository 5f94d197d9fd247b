"""`make ship ARGS="<amazon order id> --carrier UPS --tracking 1Z..."`: the warehouse command
(`amazon_orders.pipeline.shipments`) on COMMERCE_DB_URL or the embedded Postgres."""

from amazon_orders.pipeline import shipments
from local_harness import environment

if __name__ == "__main__":
    shipments.main(environment.commerce_db())
