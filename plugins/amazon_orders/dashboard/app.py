"""The store dashboard's FastAPI app, mounted by Airflow's API server under /amazon-orders.

Every page needs an Airflow login (the UI's `_token` cookie or a `Bearer` token) with
read access to the import DAG; the Re-import button needs the right to trigger it, and
triggers `amazon_order_import` with `order_ids` = that order, as the trigger form would.
Pages are server-rendered HTML (Jinja2, autoescaped); SQL lives in include/sql/dashboard.
"""

from __future__ import annotations

import logging
import math
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from amazon_orders import db
from amazon_orders.dashboard import quality, source
from amazon_orders.rules import FIX
from amazon_orders.settings import IMPORT_DAG_ID

log = logging.getLogger(__name__)

PAGE_SIZE = 20

templates = Environment(
    loader=FileSystemLoader(Path(__file__).with_name("templates")), autoescape=select_autoescape(["html"])
)
templates.filters["money"] = lambda v: "" if v is None else f"{Decimal(v):,.2f}"
templates.filters["when"] = lambda v: "" if v is None else v.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
templates.filters["q"] = lambda v: quote(str(v), safe="")
templates.filters["rate"] = lambda v: "" if v is None else format(Decimal(v).normalize(), "f")

# The first orders to ship shown per store (amazon.orders_to_ship; the counts cover them all).
TO_SHIP_SHOWN = 50
# amazon.orders_to_ship's `due`, as the dashboard words it (NULL: Amazon gave no ship-by date).
DUE_WORDS = {"late": "late", "today": "due today", "later": "later"}


def _import_paused() -> bool:
    """Whether the import DAG is paused: a run triggered now waits, queued, until it is unpaused."""
    from airflow.models.dag import DagModel

    return bool(DagModel.get_paused_dag_ids([IMPORT_DAG_ID]))


class LoginRequired(Exception):
    def __init__(self, next_url: str) -> None:
        self.next_url = next_url


async def current_user(request: Request) -> Any:
    """The Airflow user of the request (JWT from the Authorization header or the UI's cookie)."""
    from airflow.api_fastapi.auth.managers.base_auth_manager import COOKIE_NAME_JWT_TOKEN
    from airflow.api_fastapi.core_api.security import resolve_user_from_token

    header = request.headers.get("authorization", "")
    token = header[7:] if header.lower().startswith("bearer ") else request.cookies.get(COOKIE_NAME_JWT_TOKEN)
    try:
        return await resolve_user_from_token(token)
    except HTTPException:
        raise LoginRequired(str(request.url)) from None


def _authorized(user: Any, method: str, run: bool = False) -> bool:
    from airflow.api_fastapi.app import get_auth_manager
    from airflow.api_fastapi.auth.managers.models.resource_details import DagAccessEntity, DagDetails

    return get_auth_manager().is_authorized_dag(
        method=method,
        access_entity=DagAccessEntity.RUN if run else None,
        details=DagDetails(id=IMPORT_DAG_ID),
        user=user,
    )


async def reader(user: Annotated[Any, Depends(current_user)]) -> Any:
    if not _authorized(user, "GET"):
        raise HTTPException(403, f"no read access to the DAG {IMPORT_DAG_ID}")
    return user


Reader = Annotated[Any, Depends(reader)]


def _page(request: Request, template: str, **context: Any) -> HTMLResponse:
    with source.reading() as conn:
        messages = db.fetch_all(conn, "dashboard/system_messages")
    base = request.scope.get("root_path", "").rstrip("/")
    html = templates.get_template(template).render(base=base, messages=messages, request=request, **context)
    return HTMLResponse(html)


def _optional(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _date(value: str | None, name: str) -> date | None:
    value = _optional(value)
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise HTTPException(400, f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None


def _amount(value: str | None, name: str) -> Decimal | None:
    value = _optional(value)
    try:
        return Decimal(value) if value else None
    except InvalidOperation:
        raise HTTPException(400, f"{name}: {value!r} is not an amount") from None


def create_app() -> FastAPI:
    app = FastAPI(title="Amazon orders: store dashboard", docs_url=None, redoc_url=None, openapi_url=None)

    @app.exception_handler(LoginRequired)
    async def to_login(_request: Request, exc: LoginRequired) -> RedirectResponse:
        from airflow.api_fastapi.app import get_auth_manager

        return RedirectResponse(get_auth_manager().get_url_login(next_url=exc.next_url), status_code=303)

    @app.get("/", response_class=HTMLResponse)
    def home(request: Request, _user: Reader) -> HTMLResponse:
        with source.reading() as conn:
            stores = db.fetch_all(conn, "dashboard/stores")
            recent = db.fetch_all(conn, "dashboard/recent_orders")
            blockers = db.fetch_all(conn, "dashboard/open_blockers")
            to_ship = db.fetch_all(conn, "dashboard/orders_to_ship", {"limit": TO_SHIP_SHOWN})
        for store in stores:
            store["recent"] = [o for o in recent if o["store_id"] == store["store_id"]]
            store["blockers"] = [b for b in blockers if b["store_id"] == store["store_id"]]
            store["to_ship"] = [t for t in to_ship if t["store_id"] == store["store_id"]]
            first = store["to_ship"][0] if store["to_ship"] else {}
            for count in ("to_ship_total", "to_ship_late", "to_ship_today"):
                store[count] = first.get(count, 0)
        return _page(
            request, "home.html", stores=stores, fix=FIX, due_words=DUE_WORDS, title="Store dashboard"
        )

    @app.get("/orders", response_class=HTMLResponse)
    def all_orders(
        request: Request,
        _user: Reader,
        store: str | None = None,
        purchased_from: str | None = None,
        purchased_to: str | None = None,
        number: str | None = None,
        buyer: str | None = None,
        total_min: str | None = None,
        total_max: str | None = None,
        status: str | None = None,
        page: int = 1,
    ) -> HTMLResponse:
        page = max(page, 1)
        filters = {
            "store": _optional(store),
            "purchased_from": _date(purchased_from, "purchased_from"),
            "purchased_to": _date(purchased_to, "purchased_to"),
            "number": _optional(number),
            "buyer": _optional(buyer),
            "total_min": _amount(total_min, "total_min"),
            "total_max": _amount(total_max, "total_max"),
            "status": _optional(status),
        }
        with source.reading() as conn:
            rows = db.fetch_all(
                conn,
                "dashboard/all_orders",
                {**filters, "limit": PAGE_SIZE, "offset": (page - 1) * PAGE_SIZE},
            )
            stores = db.fetch_all(conn, "dashboard/stores")
            statuses = [r["status"] for r in db.fetch_all(conn, "dashboard/grid_statuses")]
        total = rows[0]["total_rows"] if rows else 0
        pages = max(1, math.ceil(total / PAGE_SIZE))
        shown = {k: ("" if v is None else str(v)) for k, v in filters.items()}
        link = {k: v for k, v in shown.items() if v}
        return _page(
            request,
            "orders.html",
            title="All orders",
            orders=rows,
            total=total,
            page=page,
            pages=pages,
            filters=shown,
            stores=stores,
            statuses=statuses,
            prev_query=urlencode({**link, "page": page - 1}),
            next_query=urlencode({**link, "page": page + 1}),
        )

    @app.get("/orders/{amazon_order_id}", response_class=HTMLResponse)
    def order(
        request: Request, amazon_order_id: str, user: Reader, queued: str | None = None
    ) -> HTMLResponse:
        key = {"amazon_order_id": amazon_order_id}
        with source.reading() as conn:
            found = db.fetch_one(conn, "dashboard/order", key)
            if found is None:
                raise HTTPException(404, f"no Amazon order {amazon_order_id}")
            details = {
                name: db.fetch_all(conn, f"dashboard/order_{name}", key)
                for name in ("items", "shipping", "tracking", "notes", "blockers", "status_changes", "taxes")
            }
            details["money"] = db.fetch_one(conn, "dashboard/order_money", key)
        can_reimport = (
            found["commerce_order_number"] is None
            and found["import_enabled"]
            and _authorized(user, "POST", run=True)
        )
        return _page(
            request,
            "order.html",
            title=f"Order {amazon_order_id}",
            order=found,
            fix=FIX,
            can_reimport=can_reimport,
            queued=queued,
            import_paused=(can_reimport or bool(queued)) and _import_paused(),
            **details,
        )

    @app.post("/orders/{amazon_order_id}/reimport")
    def reimport(request: Request, amazon_order_id: str, user: Reader) -> RedirectResponse:
        if not _authorized(user, "POST", run=True):
            raise HTTPException(403, f"no right to trigger {IMPORT_DAG_ID}")
        from airflow.api.common.trigger_dag import trigger_dag
        from airflow.utils.types import DagRunTriggeredByType

        with source.reading() as conn:
            found = db.fetch_one(conn, "dashboard/order", {"amazon_order_id": amazon_order_id})
        if found is None:
            raise HTTPException(404, f"no Amazon order {amazon_order_id}")
        now = datetime.now(UTC)
        run = trigger_dag(
            IMPORT_DAG_ID,
            triggered_by=DagRunTriggeredByType.UI,
            triggering_user_name=user.get_name(),
            run_id=f"reimport__{amazon_order_id}__{now:%Y%m%dT%H%M%S%f}",
            conf={"stores": [found["store_name"]], "order_ids": [amazon_order_id]},
            note=f"Re-import of Amazon order {amazon_order_id} from the store dashboard",
        )
        log.info("user %s re-imports Amazon order %s: run %s", user.get_name(), amazon_order_id, run.run_id)
        base = request.scope.get("root_path", "").rstrip("/")
        return RedirectResponse(
            f"{base}/orders/{quote(amazon_order_id)}?{urlencode({'queued': run.run_id})}", status_code=303
        )

    @app.get("/quality", response_class=HTMLResponse)
    def quality_index(request: Request, _user: Reader) -> HTMLResponse:
        with source.reading() as conn:
            runs = db.fetch_all(conn, "dashboard/validation_runs", {"limit": 200})
        return _page(request, "quality_index.html", title="Data quality", runs=runs)

    @app.get("/quality/run", response_class=HTMLResponse)
    def quality_run(request: Request, run_key: str, _user: Reader) -> HTMLResponse:
        with source.reading() as conn:
            run = db.fetch_one(conn, "dashboard/validation_run", {"run_key": run_key})
            if run is None:
                raise HTTPException(404, f"no validation run {run_key}")
            failures = db.fetch_all(conn, "dashboard/validation_failures", {"run_key": run_key})
        return _page(
            request,
            "quality_run.html",
            title=f"Data quality: {run_key}",
            run=run,
            expectations=quality.expectation_rows(run["results"]),
            failures=failures,
        )

    return app
