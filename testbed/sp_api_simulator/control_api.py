"""Control paths under /_sim/ for tests, demos and scenarios: JSON in and out, no auth."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request

from amazon_orders.sp_api.model import UsagePlan, usage_plans
from amazon_orders.sp_api.model.timestamps import format_amazon_time, parse_amazon_time

from . import item_cancellations
from .errors import invalid_input, not_found
from .faults import FAULT_OPERATIONS, Fault, FaultMix
from .orders_2026_given import order_from_2026
from .roles import ROLES
from .sellers import Seller
from .state import Simulator
from .store import StoredOrder

router = APIRouter(prefix="/_sim")


async def _body(request: Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        raise invalid_input("The body must be a JSON object.") from None
    if not isinstance(body, dict):
        raise invalid_input("The body must be a JSON object.")
    return body


def _field(body: dict[str, Any], name: str, kind: type | tuple[type, ...], required: bool = True) -> Any:
    value = body.get(name)
    if value is None:
        if required:
            raise invalid_input(f"{name} is required.")
        return None
    if not isinstance(value, kind) or isinstance(value, bool):
        raise invalid_input(f"{name} has the wrong type.")
    return value


def _optional(body: dict[str, Any], name: str, kind: type | tuple[type, ...], default: Any) -> Any:
    value = _field(body, name, kind, required=False)
    return default if value is None else value


def _moment(body: dict[str, Any], name: str, required: bool = True) -> Any:
    text = _field(body, name, str, required)
    if text is None:
        return None
    try:
        return parse_amazon_time(text)
    except ValueError:
        raise invalid_input(f"{name} is not an ISO 8601 date-time: {text!r}.") from None


def _sim(request: Request) -> Simulator:
    return request.app.state.sim


@router.post("/sellers", status_code=201)
async def register_seller(request: Request) -> dict[str, Any]:
    body = await _body(request)
    seller = Seller(
        seller_id=_field(body, "seller_id", str),
        refresh_token=_field(body, "refresh_token", str),
        client_id=_field(body, "client_id", str, required=False),
        client_secret=_field(body, "client_secret", str, required=False),
    )
    sim = _sim(request)
    plans = _field(body, "usage_plans", dict, required=False) or {}
    for operation, plan in plans.items():
        sim.gate.set_plan(seller.seller_id, operation, _usage_plan(operation, plan))
    sim.sellers.register(seller)
    return {"seller_id": seller.seller_id}


def _usage_plan(operation: str, plan: Any) -> UsagePlan:
    """A seller's own plan: {"rate": requests per second, "burst": n} (Amazon grants some sellers more)."""
    if operation not in usage_plans():
        raise invalid_input(f"usage_plans: {operation!r} is not an operation with a usage plan.")
    if not isinstance(plan, dict):
        raise invalid_input(f"usage_plans.{operation} must be an object with rate and burst.")
    rate, burst = _field(plan, "rate", (int, float)), _field(plan, "burst", int)
    if rate <= 0 or burst < 1:
        raise invalid_input(f"usage_plans.{operation}: rate must be positive and burst at least 1.")
    return UsagePlan(float(rate), burst, f"{rate:g}")


@router.post("/sellers/{seller_id}/roles")
async def withhold_roles(seller_id: str, request: Request) -> dict[str, Any]:
    """{"withheld": ["BUYER", "RECIPIENT"]}: the application lacks the roles for these includedData data
    sets of this seller's from now on (v2026 answers 403 Unauthorized for them); [] grants every role."""
    sim, body = _sim(request), await _body(request)
    if not sim.sellers.exists(seller_id):
        raise not_found(f"seller_id {seller_id!r} is not registered (POST /_sim/sellers first).")
    withheld = _field(body, "withheld", list)
    unknown = sorted({str(w) for w in withheld} - set(ROLES))
    if unknown:
        raise invalid_input(f"withheld: no role guards {', '.join(unknown)}; roles guard {', '.join(ROLES)}.")
    sim.sellers.withhold(seller_id, frozenset(withheld))
    return _roles(sim, seller_id)


@router.get("/sellers/{seller_id}/roles")
async def read_roles(seller_id: str, request: Request) -> dict[str, Any]:
    sim = _sim(request)
    if not sim.sellers.exists(seller_id):
        raise not_found(f"seller_id {seller_id!r} is not registered.")
    return _roles(sim, seller_id)


def _roles(sim: Simulator, seller_id: str) -> dict[str, Any]:
    withheld = sorted(sim.sellers.withheld(seller_id))
    return {"seller_id": seller_id, "withheld": withheld, "roles": {name: ROLES[name] for name in withheld}}


@router.post("/orders")
async def upsert_order(request: Request) -> dict[str, Any]:
    """{"seller_id", "order": v0 Order, "items": [v0 OrderItem]} or {"seller_id", "order_2026": a v2026
    Order with its orderItems}; either way both Orders API versions serve the order."""
    sim, body = _sim(request), await _body(request)
    seller_id = _field(body, "seller_id", str)
    if not sim.sellers.exists(seller_id):
        raise invalid_input(f"seller_id {seller_id!r} is not registered (POST /_sim/sellers first).")
    if "order_2026" in body:
        if "order" in body or "items" in body:
            raise invalid_input("Give either order_2026 or order with items, not both.")
        order, items = order_from_2026(_field(body, "order_2026", dict))
    else:
        order = _field(body, "order", dict)
        items = body.get("items", [])
    if not isinstance(items, list):
        raise invalid_input("items must be a list of OrderItem objects.")
    stored = sim.store.upsert(seller_id, order, items, sim.now())
    return {"AmazonOrderId": stored.order_id}


@router.get("/orders")
async def list_orders(request: Request) -> dict[str, Any]:
    seller_id = request.query_params.get("seller_id")
    orders = [s for s in _sim(request).orders().all() if seller_id is None or s.seller_id == seller_id]
    return {
        "orders": [
            {"seller_id": s.seller_id, "order": s.order, "items": s.items, "canceled": _canceled(s)}
            for s in orders
        ]
    }


def _canceled(stored: StoredOrder) -> dict[str, dict[str, Any]]:
    """What Amazon canceled of the order's lines, by OrderItemId."""
    return {
        item_id: {"quantity": c.quantity, "cancelled_by": c.cancelled_by, "reason": c.reason}
        for item_id, c in stored.cancellations.items()
    }


@router.post("/orders/{order_id}/status")
async def change_status(order_id: str, request: Request) -> dict[str, Any]:
    sim, body = _sim(request), await _body(request)
    last_update = _moment(body, "last_update_date", required=False) or sim.now()
    stored = sim.orders().set_status(order_id, _field(body, "status", str), last_update, sim.now())
    return {"AmazonOrderId": order_id, "order": stored.order}


@router.post("/orders/{order_id}/items/{order_item_id}/cancellation")
async def cancel_item(order_id: str, order_item_id: str, request: Request) -> dict[str, Any]:
    """{"quantity": n, "cancelled_by": "AMAZON" (or BUYER, MERCHANT), "reason": "..."}: Amazon cancels n
    unshipped units of the line (item_cancellations.py); both versions show it from now (after the lag)."""
    sim, body = _sim(request), await _body(request)
    stored = sim.orders().find(order_id)
    item_cancellations.cancel_item(
        stored,
        order_item_id,
        body.get("quantity"),
        sim.now(),
        _optional(body, "cancelled_by", str, item_cancellations.AMAZON),
        _field(body, "reason", str, required=False),
    )
    sim.store.changed(stored, sim.now())
    return {"AmazonOrderId": order_id, "order": stored.order, "items": stored.items}


@router.get("/clock")
async def read_clock(request: Request) -> dict[str, str]:
    return {"now": format_amazon_time(_sim(request).now())}


@router.post("/clock")
async def move_clock(request: Request) -> dict[str, str]:
    sim, body = _sim(request), await _body(request)
    try:
        if "now" in body:
            sim.clock.set(_moment(body, "now"))
        else:
            sim.clock.advance(float(_field(body, "advance_seconds", (int, float))))
    except ValueError as error:
        raise invalid_input(str(error)) from None
    return {"now": format_amazon_time(sim.now())}


@router.get("/confirmations")
async def list_confirmations(request: Request) -> dict[str, Any]:
    return {"confirmations": [c.as_json() for c in _sim(request).shipments.confirmations]}


@router.get("/stats")
async def read_stats(request: Request) -> dict[str, Any]:
    sim = _sim(request)
    return {"calls": dict(sim.calls), "faults": dict(sim.faults.injected), "throttled": dict(sim.throttled)}


@router.post("/faults", status_code=201)
async def inject_fault(request: Request) -> dict[str, Any]:
    sim, body = _sim(request), await _body(request)
    fault = Fault(
        kind=_field(body, "kind", str),
        remaining=_optional(body, "count", int, 1),
        delay_seconds=float(_optional(body, "delay_seconds", (int, float), 5.0)),
        retry_after=_field(body, "retry_after", (int, float), required=False),
        seller_id=_field(body, "seller_id", str, required=False),
    )
    try:
        sim.faults.add(_field(body, "operation", str), fault)
    except ValueError as error:
        raise invalid_input(str(error)) from None
    return {"faults": sim.faults.pending()}


@router.post("/fault_mix", status_code=201)
async def set_fault_mix(request: Request) -> dict[str, Any]:
    """A share of every call fails: {"shares": {"throttle": 0.3, "error500": 0.05, ...}, "operations": [...],
    "delay_seconds": 2, "seed": 7}; empty shares turn the mix off."""
    sim, body = _sim(request), await _body(request)
    shares = _optional(body, "shares", dict, {})
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in shares.values()):
        raise invalid_input("shares must map fault kinds to numbers.")
    operations = _optional(body, "operations", list, [op for op in FAULT_OPERATIONS if op != "token"])
    try:
        mix = FaultMix(
            {k: float(v) for k, v in shares.items()},
            frozenset(operations),
            float(_optional(body, "delay_seconds", (int, float), 2.0)),
            _optional(body, "seed", int, 0),
        )
    except (TypeError, ValueError) as error:
        raise invalid_input(str(error)) from None
    sim.faults.mix = mix if shares else None
    return {"fault_mix": mix.as_json() if shares else None}


@router.post("/settings")
async def change_settings(request: Request) -> dict[str, Any]:
    """{"visibility_lag_seconds": n, "next_token_lifetime_seconds": n}: Amazon's lags, on the simulated clock;
    {"pending_minutes": n, "afn_ship_minutes": n}: Amazon's own status changes (0: off)."""
    sim, body = _sim(request), await _body(request)
    lag = _field(body, "visibility_lag_seconds", (int, float), required=False)
    lifetime = _field(body, "next_token_lifetime_seconds", (int, float), required=False)
    if lag is not None:
        if lag < 0:
            raise invalid_input("visibility_lag_seconds must not be negative.")
        sim.store.lag = timedelta(seconds=lag)
    if lifetime is not None:
        if lifetime <= 0:
            raise invalid_input("next_token_lifetime_seconds must be positive.")
        sim.pager.lifetime = timedelta(seconds=lifetime)
    for name, rule in (("pending_minutes", "pending"), ("afn_ship_minutes", "afn_ship")):
        minutes = _field(body, name, (int, float), required=False)
        if minutes is not None:
            if minutes < 0:
                raise invalid_input(f"{name} must not be negative.")
            sim.orders()  # what the rule as it was did up to now stays done
            sim.lifecycle.set(rule, minutes, sim.now())
    return {
        "visibility_lag_seconds": sim.store.lag.total_seconds(),
        "next_token_lifetime_seconds": sim.pager.lifetime.total_seconds(),
        "pending_minutes": _minutes(sim.lifecycle.pending),
        "afn_ship_minutes": _minutes(sim.lifecycle.afn_ship),
    }


def _minutes(delay: timedelta | None) -> float:
    return delay.total_seconds() / 60 if delay is not None else 0.0


@router.post("/notifications")
async def change_notifications(request: Request) -> dict[str, Any]:
    """{"drop_next": n (lose the next n notifications on purpose), "delay_seconds", "duplicate_share"}."""
    sim, body = _sim(request), await _body(request)
    notifier = sim.notifier
    notifier.drop_next = int(_optional(body, "drop_next", int, notifier.drop_next))
    notifier.delay_seconds = float(_optional(body, "delay_seconds", (int, float), notifier.delay_seconds))
    notifier.duplicate_share = float(
        _optional(body, "duplicate_share", (int, float), notifier.duplicate_share)
    )
    return _notifications(sim)


@router.get("/notifications")
async def read_notifications(request: Request) -> dict[str, Any]:
    return _notifications(_sim(request))


def _notifications(sim: Simulator) -> dict[str, Any]:
    notifier = sim.notifier
    return {
        **notifier.stats(),
        "drop_next": notifier.drop_next,
        "delay_seconds": notifier.delay_seconds,
        "duplicate_share": notifier.duplicate_share,
        "subscriptions": len(notifier.subscriptions),
    }


@router.get("/contract")
async def read_contract(request: Request) -> dict[str, Any]:
    """What the contract check saw: {"checked": n, "violations": [...]} (null when the check is off)."""
    contract = _sim(request).contract
    return {"contract": contract.as_json() if contract is not None else None}


@router.get("/faults")
async def list_faults(request: Request) -> dict[str, Any]:
    return {"faults": _sim(request).faults.pending()}


@router.post("/reset")
async def reset(request: Request) -> dict[str, str]:
    sim = _sim(request)
    sim.reset()
    return {"now": format_amazon_time(sim.now())}
