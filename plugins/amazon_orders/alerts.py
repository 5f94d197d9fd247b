"""Alerts by email through Airflow notifiers (the SMTP provider's `SmtpNotifier`).

Configured by one Airflow connection, `amazon_alerts_smtp` (type smtp: host, port,
login/password; extra `{"to": "ops@example.com, ...", "from_email": "...",
"disable_ssl": true, "disable_tls": false}`). Without it, alerts are logged as not
configured and nothing fails.

- `TaskFailureNotifier`: the DAGs' `on_failure_callback`; names the DAG, task, run, try
  and the error, with a link to the task's log.
- `overdue_run_deadline`: the import's and reconciliation's Deadline Alert: a run not done
  `RUN_DEADLINE` after it was queued is announced (`announce_overdue_run`, in the triggerer),
  since every later run waits behind it.
- `alert_new_blockers`: after a run records its blockers, one email per store listing the
  blockers no alert has named yet, then marks them; a blocker is announced once, not at
  every run. Alerts carry order ids, SKUs and reasons, never buyer data.
"""

from __future__ import annotations

import asyncio
import html
import logging
from typing import Any

from airflow.sdk import AsyncCallback, BaseNotifier, DeadlineAlert, DeadlineReference

from amazon_orders import db
from amazon_orders.db import Connection
from amazon_orders.rules import FIX
from amazon_orders.settings import RUN_DEADLINE

log = logging.getLogger(__name__)

ALERT_CONN_ID = "amazon_alerts_smtp"


def _settings() -> dict[str, Any] | None:
    """The alert connection's recipients and sender, or None when alerts are not configured."""
    from airflow.sdk import BaseHook

    try:
        conn = BaseHook.get_connection(ALERT_CONN_ID)
    except Exception:
        return None
    extra = conn.extra_dejson
    to = [a.strip() for a in str(extra.get("to", "")).replace(";", ",").split(",") if a.strip()]
    if not to:
        log.warning("connection %r has no extra.to: alerts are not sent", ALERT_CONN_ID)
        return None
    return {"to": to, "from_email": extra.get("from_email") or f"airflow@{conn.host or 'localhost'}"}


def send(subject: str, html_content: str) -> bool:
    """Send one alert through SmtpNotifier; False when alerts are not configured."""
    settings = _settings()
    if settings is None:
        log.info("alerts not configured (no Airflow connection %r): %s", ALERT_CONN_ID, subject)
        return False
    from airflow.providers.smtp.notifications.smtp import SmtpNotifier

    SmtpNotifier(
        to=settings["to"],
        from_email=settings["from_email"],
        smtp_conn_id=ALERT_CONN_ID,
        subject=subject,
        html_content=html_content,
    ).notify({})
    log.info("alert sent to %d recipient(s): %s", len(settings["to"]), subject)
    return True


class TaskFailureNotifier(BaseNotifier):
    """on_failure_callback: an email naming the failed task, its run, and the error."""

    template_fields = ()

    def notify(self, context: Any) -> None:
        ti = context.get("ti") or context.get("task_instance")
        dag_id = getattr(ti, "dag_id", None) or getattr(context.get("dag"), "dag_id", "?")
        task_id = getattr(ti, "task_id", "?")
        map_index = getattr(ti, "map_index", -1)
        run_id = context.get("run_id") or getattr(ti, "run_id", "?")
        error = context.get("exception")
        if getattr(error, "announced", False):  # its own message went out already (credentials)
            log.info("task failure already announced: %s", error)
            return
        reason = f"{type(error).__name__}: {str(error).splitlines()[0][:300]}" if error else "unknown"
        task = f"{task_id}[{map_index}]" if map_index is not None and map_index >= 0 else task_id
        log_url = getattr(ti, "log_url", None)
        body = (
            f"<p>Task <b>{html.escape(task)}</b> of DAG <b>{html.escape(str(dag_id))}</b> failed "
            f"(run {html.escape(str(run_id))}, try {getattr(ti, 'try_number', '?')}).</p>"
            f"<p>Error: {html.escape(reason)}</p>"
            + (f'<p><a href="{html.escape(log_url)}">Task log</a></p>' if log_url else "")
        )
        send(f"[Airflow] {dag_id}: task {task} failed", body)


async def announce_overdue_run(deadline_minutes: float, context: dict | None = None) -> str:
    """The Deadline Alert's callback, run by the triggerer: an email naming the run that is late."""
    run = (context or {}).get("dag_run") or {}
    dag_id, run_id = run.get("dag_id", "?"), run.get("dag_run_id") or run.get("run_id", "?")
    subject = f"[Airflow] {dag_id}: run {run_id} not done {deadline_minutes:g} min after it was queued"
    body = (
        f"<p>Run <b>{html.escape(str(run_id))}</b> of DAG <b>{html.escape(str(dag_id))}</b> was queued at "
        f"{html.escape(str(run.get('queued_at')))} and is still {html.escape(str(run.get('state')))}. "
        "Every later run of the DAG waits until it ends (one run at a time).</p>"
        "<p>Look at its running task's log: a call to Amazon that does not answer, or a database lock "
        "held by another session. A task past its execution timeout is failed and retried.</p>"
    )
    sent = await asyncio.to_thread(send, subject, body)  # smtplib blocks: off the triggerer's loop
    return f"{'sent' if sent else 'not configured'}: {subject}"


def overdue_run_deadline() -> DeadlineAlert | None:
    """A DAG's Deadline Alert: `announce_overdue_run` when a run is not done RUN_DEADLINE after queued;
    None (no alert) when the setting is 0.

    `airflow dags test` (Airflow 3.3.2) fails every DAG run that has a Deadline Alert as it marks
    the run done (it looks the alerts up by id and finds their definitions instead), so the
    laptop harness runs `dags test` with AMAZON_ORDERS_RUN_DEADLINE_MINUTES=0; do the same by hand."""
    minutes = RUN_DEADLINE.total_seconds() / 60
    if not minutes:
        return None
    return DeadlineAlert(
        reference=DeadlineReference.DAGRUN_QUEUED_AT,
        interval=RUN_DEADLINE,
        callback=AsyncCallback(announce_overdue_run, kwargs={"deadline_minutes": minutes}),
        name="run overdue",
    )


def alert_new_blockers(conn: Connection, store_id: int) -> dict:
    """Email the store's blockers that no alert has named yet, then mark them; return counts."""
    rows = db.fetch_all(conn, "alerts/unalerted_blockers", {"store_id": store_id})
    if not rows:
        return {"new_blockers_alerted": 0}
    store = rows[0]["store_name"]
    lines = "".join(
        f"<tr><td>{html.escape(r['amazon_order_id'])}</td><td>{html.escape(r['seller_sku'] or '')}</td>"
        f"<td>{html.escape(r['sku'] or '')}</td><td>{r['reason']}</td><td>{html.escape(r['detail'])}</td>"
        f"<td>{html.escape(FIX[r['reason']])}</td></tr>"
        for r in rows
    )
    orders = len({r["amazon_order_id"] for r in rows})
    body = (
        f"<p>{len(rows)} new blocker(s) on {orders} order(s) of store <b>{html.escape(store)}</b>: "
        "no Commerce order is created until they are fixed; the import tries again at every sync.</p>"
        "<table border=1 cellpadding=4><tr><th>Amazon order</th><th>Seller SKU</th><th>SKU</th>"
        f"<th>Reason</th><th>Detail</th><th>How to fix</th></tr>{lines}</table>"
    )
    if not send(f"[Amazon orders] {store}: {orders} order(s) cannot be imported", body):
        return {"new_blockers_alerted": 0}
    db.execute(conn, "alerts/mark_alerted", {"blocker_ids": [r["blocker_id"] for r in rows]})
    return {"new_blockers_alerted": len(rows)}
