-- First start of the Postgres container: Airflow's metadata and the Commerce database side by side.
-- The passwords come from the container's environment (see docker-compose.yaml and .env.example).
CREATE DATABASE commerce;
