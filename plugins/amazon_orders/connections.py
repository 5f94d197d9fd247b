"""Airflow connections to the package's parts: the Commerce database and the SP-API.

`amazon_sp_api`: host = the SP-API base URL, login/password = the LWA client id and
secret, extra = {"lwa_endpoint": token URL, "refresh_tokens": {seller_id: token}}, so
each store's own authorisation stays in the connection, never in the database.
"""

from __future__ import annotations

from amazon_orders.settings import COMMERCE_DB_CONN_ID, SP_API_CONN_ID
from amazon_orders.sp_api.client import Credentials, SpApiClient


def commerce_db():  # noqa: ANN201 - a psycopg2 connection
    from airflow.providers.postgres.hooks.postgres import PostgresHook

    conn = PostgresHook(postgres_conn_id=COMMERCE_DB_CONN_ID).get_conn()
    conn.autocommit = False
    return conn


def sp_api_client(seller_id: str) -> SpApiClient:
    """A client speaking for one seller, with that seller's refresh token."""
    from airflow.sdk import BaseHook

    conn = BaseHook.get_connection(SP_API_CONN_ID)
    extra = conn.extra_dejson
    tokens = extra.get("refresh_tokens", {})
    if seller_id not in tokens:
        raise KeyError(f"connection {SP_API_CONN_ID!r} has no refresh token for seller {seller_id!r} "
                       "(extra.refresh_tokens)")
    endpoint = conn.host if "://" in (conn.host or "") else f"https://{conn.host}"
    credentials = Credentials(client_id=conn.login, client_secret=conn.password, refresh_token=tokens[seller_id])
    return SpApiClient(endpoint, extra["lwa_endpoint"], credentials)
