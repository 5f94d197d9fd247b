"""Airflow connections to the package's parts: the Commerce database and the SP-API.

`amazon_sp_api`: host = the SP-API base URL, login/password = the LWA client id and
secret, extra = {"lwa_endpoint": token URL, "refresh_tokens": {seller_id: token},
"pacing_scale": 1.0 (optional), "client": {"timeout": 30, "max_attempts": 6, "backoff_base": 0.5,
"backoff_max": 60} (optional: the request timeout in seconds, the attempts per call and the
retry back-off)}, so each store's own authorisation stays in the connection, never in the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing, contextmanager

from psycopg2.extensions import make_dsn

from amazon_orders import db
from amazon_orders.db import PACING_APPLICATION, Connection
from amazon_orders.settings import COMMERCE_DB_CONN_ID, SP_API_CONN_ID
from amazon_orders.sp_api.client import Credentials, SpApiClient
from amazon_orders.sp_api.model import usage_plans
from amazon_orders.sp_api.seller_pacing import SellerPacer

# What extra.client may set on the SP-API client (see SpApiClient).
CLIENT_OPTIONS = {"timeout", "max_attempts", "backoff_base", "backoff_max"}


def commerce_db() -> Connection:
    """A connection to the Commerce database, from the Airflow connection `commerce_db`."""
    from airflow.sdk import BaseHook

    conn = BaseHook.get_connection(COMMERCE_DB_CONN_ID)
    return db.connect(
        make_dsn(
            host=conn.host,
            port=conn.port,
            user=conn.login,
            password=conn.password,
            dbname=conn.schema,
            **conn.extra_dejson,
        )
    )


@contextmanager
def sp_api_client(conn: Connection, seller_id: str) -> Iterator[SpApiClient]:
    """A client speaking for one seller, with that seller's refresh token, paced together with
    every other task calling for the seller (buckets in `conn`'s database, see seller_pacing)."""
    from airflow.sdk import BaseHook

    sp_api = BaseHook.get_connection(SP_API_CONN_ID)
    extra = sp_api.extra_dejson
    tokens = extra.get("refresh_tokens", {})
    if seller_id not in tokens:
        raise KeyError(
            f"connection {SP_API_CONN_ID!r} has no refresh token for seller {seller_id!r} "
            "(extra.refresh_tokens)"
        )
    endpoint = sp_api.host if "://" in (sp_api.host or "") else f"https://{sp_api.host}"
    credentials = Credentials(
        client_id=sp_api.login, client_secret=sp_api.password, refresh_token=tokens[seller_id]
    )
    # Paced at the usage plans (extra.pacing_scale: 1 = Amazon's default plans) so a normal
    # run meets few 429s; 429s that still come are retried with back-off.
    pacer = SellerPacer(
        lambda: conn.sibling(PACING_APPLICATION),
        seller_id,
        usage_plans(),
        float(extra.get("pacing_scale", 1.0)),
    )
    with closing(pacer):
        yield SpApiClient(endpoint, extra["lwa_endpoint"], credentials, pacer=pacer, **client_options(extra))


def client_options(extra: dict) -> dict:
    """The connection's optional client settings (extra.client), refusing a name the client lacks."""
    options = dict(extra.get("client") or {})
    unknown = sorted(set(options) - CLIENT_OPTIONS)
    if unknown:
        raise ValueError(
            f"connection {SP_API_CONN_ID!r}: extra.client has no setting {unknown}; "
            f"known: {sorted(CLIENT_OPTIONS)}"
        )
    return options
