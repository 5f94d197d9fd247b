"""`make migrate`: the product's migrations applied to COMMERCE_DB_URL or the embedded Postgres."""

from amazon_orders import migrate
from local_harness import environment

if __name__ == "__main__":
    migrate.main(environment.commerce_db())
