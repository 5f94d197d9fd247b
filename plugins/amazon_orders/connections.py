"""Airflow connections to the package's parts: the Commerce database and the SP-API.

`amazon_sp_api`: host = the SP-API base URL, login/password = the LWA client id and
secret, extra = {
  "lwa_endpoint": token URL, "refresh_tokens": {seller_id: token},
  "pacing_scale": 1.0 (optional; 1 = Amazon's default usage plans),
  "orders_api": "2026-01-01" (optional; "v0" reads through the deprecated Orders API v0
                until Amazon removes it on 2027-03-27),
  "client": {"timeout": 30, "max_attempts": 6, "backoff_base": 0.5, "backoff_max": 60}
            (optional: the request timeout in seconds, the attempts per call, the back-off),
  "client_secret_rotated_on": "2026-06-01", "authorized_on": {seller_id: "2026-01-15"}
            (optional: when the LWA client secret was last rotated and each seller last
            authorised the application; a warning comes 14 days before Amazon's limits)},
so each store's own authorisation stays in the connection, never in the database."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import date

from psycopg2.extensions import make_dsn

from amazon_orders import db
from amazon_orders.db import PACING_APPLICATION, Connection
from amazon_orders.settings import COMMERCE_DB_CONN_ID, SP_API_CONN_ID
from amazon_orders.sp_api.client import Credentials, GrantlessCredentials, SpApiClient
from amazon_orders.sp_api.model import (
    NOTIFICATIONS_SCOPE,
    ORDERS_2026,
    ORDERS_V0,
    ORDERS_V0_READS_REMOVED,
    usage_plans,
)
from amazon_orders.sp_api.seller_pacing import SellerPacer

log = logging.getLogger(__name__)

# Which Orders API reads orders (extra.orders_api): Amazon removes v0's reading operations.
ORDERS_APIS = (ORDERS_2026, ORDERS_V0)


def orders_api(today: date | None = None) -> str:
    """The Orders API version the `amazon_sp_api` connection reads through (default 2026-01-01).

    v0 stays selectable until Amazon removes its reading operations, with a warning naming the
    date; after it, choosing v0 is an error that says how to switch.
    """
    from airflow.sdk import BaseHook

    chosen = BaseHook.get_connection(SP_API_CONN_ID).extra_dejson.get("orders_api") or ORDERS_2026
    if chosen not in ORDERS_APIS:
        raise ValueError(
            f"connection {SP_API_CONN_ID!r}: extra.orders_api is {chosen!r}; choose one of {ORDERS_APIS}"
        )
    if chosen == ORDERS_V0:
        today = today or date.today()
        switch = (
            f'set extra.orders_api to "{ORDERS_2026}" (or remove it) in the connection {SP_API_CONN_ID!r}'
        )
        if today >= ORDERS_V0_READS_REMOVED:
            raise ValueError(
                f"Orders API v0 reads were removed by Amazon on {ORDERS_V0_READS_REMOVED}: {switch}"
            )
        log.warning(
            "reading orders through Orders API v0, which Amazon removes on %s: %s",
            ORDERS_V0_READS_REMOVED,
            switch,
        )
    return chosen


def credential_dates(seller_id: str) -> tuple[date | None, date | None]:
    """(client secret rotated on, seller authorised on), as the `amazon_sp_api` connection says; a
    date that is not YYYY-MM-DD is an error naming the field."""
    from airflow.sdk import BaseHook

    extra = BaseHook.get_connection(SP_API_CONN_ID).extra_dejson
    fields = {
        "extra.client_secret_rotated_on": extra.get("client_secret_rotated_on"),
        f"extra.authorized_on.{seller_id}": (extra.get("authorized_on") or {}).get(seller_id),
    }
    dates = []
    for field, value in fields.items():
        try:
            dates.append(date.fromisoformat(value) if value else None)
        except (TypeError, ValueError):
            raise ValueError(
                f"connection {SP_API_CONN_ID!r}: {field} is {value!r}, not a YYYY-MM-DD date"
            ) from None
    return dates[0], dates[1]


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
    endpoint = _endpoint(sp_api.host)
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


def _endpoint(host: str | None) -> str:
    return host if "://" in (host or "") else f"https://{host}"


def authorised_sellers() -> list[str]:
    """The sellers the `amazon_sp_api` connection holds a refresh token for."""
    from airflow.sdk import BaseHook

    return sorted(BaseHook.get_connection(SP_API_CONN_ID).extra_dejson.get("refresh_tokens", {}))


def notifications_client(seller_id: str | None) -> SpApiClient:
    """A client for the Notifications API setup, paced in-process at the usage plans: the
    application's grantless one (seller_id None: destinations), or a seller's (subscriptions)."""
    from airflow.sdk import BaseHook

    sp_api = BaseHook.get_connection(SP_API_CONN_ID)
    extra = sp_api.extra_dejson
    credentials: Credentials | GrantlessCredentials
    if seller_id is None:
        credentials = GrantlessCredentials(sp_api.login, sp_api.password, NOTIFICATIONS_SCOPE)
    else:
        tokens = extra.get("refresh_tokens", {})
        if seller_id not in tokens:
            raise KeyError(
                f"connection {SP_API_CONN_ID!r} has no refresh token for seller {seller_id!r} "
                "(extra.refresh_tokens)"
            )
        credentials = Credentials(sp_api.login, sp_api.password, tokens[seller_id])
    return SpApiClient(
        _endpoint(sp_api.host),
        extra["lwa_endpoint"],
        credentials,
        pacing_scale=float(extra.get("pacing_scale", 1.0)),
        **client_options(extra),
    )


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
