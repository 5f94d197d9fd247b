"""A store's access to Amazon: what the operator must do about it, said once, by email and among
the system messages (`amazon.operator_message`), instead of a generic task failure.

- Amazon refuses the LWA client (`invalid_client`): the client secret was rotated (Amazon
  requires a new one every 180 days) or the client id is wrong.
- Amazon refuses the seller's refresh token (`invalid_grant`): the seller's authorisation
  expired (every 365 days) or was revoked.
- The application lacks a role for the buyer's data (`MissingRole`).
- The connection's optional dates (client secret rotated on, seller authorised on) come within
  14 days of those limits: a warning before anything breaks.

A refusal fails the store's task without retries (trying again cannot help); the next
successful call resolves the message. Messages name the seller and the store, never buyer data.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from enum import StrEnum

from airflow.sdk.exceptions import AirflowFailException

from amazon_orders import alerts, db
from amazon_orders.db import Connection
from amazon_orders.settings import SP_API_CONN_ID
from amazon_orders.sp_api import CredentialsRefused, SpApiError

log = logging.getLogger(__name__)

# Amazon's limits: LWA client secrets are rotated every 180 days, sellers re-authorise every 365.
CLIENT_SECRET_LIFETIME = timedelta(days=180)
AUTHORIZATION_LIFETIME = timedelta(days=365)
EXPIRY_WARNING = timedelta(days=14)


class Cause(StrEnum):
    INVALID_CLIENT = "invalid_client"
    INVALID_GRANT = "invalid_grant"
    MISSING_ROLE = "missing_role"
    CLIENT_SECRET_EXPIRING = "client_secret_expiring"
    AUTHORIZATION_EXPIRING = "authorization_expiring"


# Each message's email subject, after the store's name.
SUBJECTS = {
    Cause.INVALID_CLIENT: "Amazon refuses the LWA client credentials",
    Cause.INVALID_GRANT: "Amazon refuses the seller's authorisation",
    Cause.MISSING_ROLE: "the application lacks a role for the buyer's data",
    Cause.CLIENT_SECRET_EXPIRING: "the LWA client secret expires soon",
    Cause.AUTHORIZATION_EXPIRING: "the seller's authorisation expires soon",
}
REFUSALS = (Cause.INVALID_CLIENT, Cause.INVALID_GRANT, Cause.MISSING_ROLE)
WARNINGS = (Cause.CLIENT_SECRET_EXPIRING, Cause.AUTHORIZATION_EXPIRING)


class AccessRefused(AirflowFailException):
    """The store's task fails without retries; its operator message was already sent."""

    announced = True  # alerts.TaskFailureNotifier sends no second, generic email


def _who(store: dict) -> str:
    return f"seller {store['seller_id']} (store {store['name']!r})"


def refusal(cause: Cause, store: dict, error: SpApiError) -> str:
    """The operator message of a refusal: what Amazon said, why, and the fix."""
    said = f"{error.code}: {error.message or 'no message'}"
    if cause is Cause.INVALID_CLIENT:
        return (
            f"Amazon refuses the application's LWA client for {_who(store)} ({said}). The client secret "
            "was rotated (Amazon requires a new one every 180 days) or the client id is wrong: put the "
            f"current client id and secret in the Airflow connection {SP_API_CONN_ID!r} (login, password). "
            "The store's orders wait and are fetched at the first run after."
        )
    if cause is Cause.INVALID_GRANT:
        return (
            f"Amazon refuses the refresh token of {_who(store)} ({said}): the seller's authorisation "
            "expired (every 365 days) or was revoked. Ask the seller to re-authorise the application "
            "(Seller Central: Apps and Services, Manage Your Apps), then put the new refresh token in "
            f"the connection {SP_API_CONN_ID!r} (extra.refresh_tokens.{store['seller_id']})."
        )
    return error.message  # MissingRole's message names the seller, the store and the roles to add


def warnings(
    store: dict, rotated_on: date | None, authorized_on: date | None, today: date
) -> dict[Cause, str]:
    """The expiry warnings due today for the store's credentials (none when no date is given)."""
    due = {}
    if rotated_on is not None and today >= rotated_on + CLIENT_SECRET_LIFETIME - EXPIRY_WARNING:
        ends = rotated_on + CLIENT_SECRET_LIFETIME
        due[Cause.CLIENT_SECRET_EXPIRING] = (
            f"The LWA client secret used for {_who(store)} was rotated on {rotated_on}: Amazon stops "
            f"accepting it on {ends} ({_days(today, ends)}). Rotate it in Developer Central, put the new "
            f"secret in the connection {SP_API_CONN_ID!r} and its date in extra.client_secret_rotated_on."
        )
    if authorized_on is not None and today >= authorized_on + AUTHORIZATION_LIFETIME - EXPIRY_WARNING:
        ends = authorized_on + AUTHORIZATION_LIFETIME
        due[Cause.AUTHORIZATION_EXPIRING] = (
            f"{_who(store).capitalize()} authorised the application on {authorized_on}: the authorisation "
            f"ends on {ends} ({_days(today, ends)}). Ask the seller to re-authorise it, then put the new "
            f"refresh token and extra.authorized_on.{store['seller_id']} in the connection "
            f"{SP_API_CONN_ID!r}."
        )
    return due


def _days(today: date, ends: date) -> str:
    left = (ends - today).days
    return f"in {left} day(s)" if left > 0 else "today" if left == 0 else f"{-left} day(s) ago"


def announce(conn: Connection, store: dict, cause: Cause, text: str, severity: str) -> None:
    """Open (or touch) the store's message for this cause; email it the first time only."""
    with db.transaction(conn) as cur:
        cur.execute(
            db.sql("credentials/upsert_open_message"),
            {"store_id": store["store_id"], "cause": cause.value, "severity": severity, "text": text},
        )
        message = cur.fetchone()
    if message["alerted_at"] is not None:
        return
    subject = f"[Amazon orders] {store['name']}: {SUBJECTS[cause]}"
    try:
        sent = alerts.send(subject, f"<p>{html.escape(text)}</p>")
    except Exception:  # the SMTP server's trouble: the next run tries again
        log.exception("store %s: the %s message could not be emailed", store["name"], cause.value)
        return
    if sent:
        db.execute(conn, "credentials/mark_alerted", {"message_id": message["message_id"]})


def resolve(conn: Connection, store_id: int, causes: tuple[Cause, ...]) -> None:
    params = {"store_id": store_id, "causes": [c.value for c in causes]}
    db.execute(conn, "credentials/resolve_messages", params)


def check_dates(conn: Connection, store: dict, rotated_on: date | None, authorized_on: date | None) -> None:
    """Warn of credentials near Amazon's limits; resolve the warnings no longer due."""
    due = warnings(store, rotated_on, authorized_on, date.today())
    for cause, text in due.items():
        announce(conn, store, cause, text, "minor")
    resolve(conn, store["store_id"], tuple(c for c in WARNINGS if c not in due))


@contextmanager
def watched(conn: Connection, store_id: int, dates: tuple[date | None, date | None]) -> Iterator[None]:
    """Around a store's calls to Amazon: warnings first; a refusal becomes its operator message and
    fails the task without retries; success resolves the store's refusals."""
    from amazon_orders.pipeline.seller_walk import MissingRole

    store = db.fetch_one(conn, "credentials/read_store", {"store_id": store_id})
    check_dates(conn, store, *dates)
    try:
        yield
    except (CredentialsRefused, MissingRole) as error:
        cause = Cause.MISSING_ROLE if isinstance(error, MissingRole) else Cause(error.code)
        conn.rollback()  # whatever the task's transaction held, the message is written on its own
        text = refusal(cause, store, error)
        log.error("store %s: %s", store["name"], text)
        announce(conn, store, cause, text, "critical")
        raise AccessRefused(text) from error
    resolve(conn, store_id, REFUSALS)
