"""Orders API v0: getOrders, getOrder, getOrderItems, confirmShipment."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request, Response

from amazon_orders.sp_api.timestamps import format_amazon_time

from .errors import invalid_input
from .order_queries import QueryParams, parse_orders_query, required_marketplaces, single_param
from .paging import Continuation
from .state import Simulator

router = APIRouter(prefix="/orders/v0")


def _simulator(request: Request) -> Simulator:
    return request.app.state.sim


def _seller(request: Request) -> str:
    sim = _simulator(request)
    return sim.sellers.seller_for(request.headers.get("x-amz-access-token"), sim.now())


def _params(request: Request) -> QueryParams:
    params: dict[str, list[str]] = {}
    for name, value in request.query_params.multi_items():
        params.setdefault(name, []).append(value)
    return params


@router.get("/orders")
async def get_orders(request: Request) -> dict[str, Any]:
    sim, seller = _simulator(request), _seller(request)
    params = _params(request)
    required_marketplaces(params)  # required even with a NextToken
    token = single_param(params, "NextToken")
    if token:
        page = sim.pager.resume(token, ("getOrders", seller))
    else:
        query = parse_orders_query(params, sim.now())
        ids = [stored.order_id for stored in sim.store.select(seller, query)]
        extras = {query.before_name: format_amazon_time(query.before)}
        page = sim.pager.start(Continuation(("getOrders", seller), tuple(ids), query.page_size, extras))
    orders = [stored.order for order_id in page.ids if (stored := sim.store.lookup(seller, order_id))]
    payload: dict[str, Any] = {"Orders": orders}
    if page.next_token:
        payload["NextToken"] = page.next_token
    return {"payload": payload | page.extras}


@router.get("/orders/{order_id}")
async def get_order(order_id: str, request: Request) -> dict[str, Any]:
    sim, seller = _simulator(request), _seller(request)
    return {"payload": sim.store.get(seller, order_id).order}


@router.get("/orders/{order_id}/orderItems")
async def get_order_items(order_id: str, request: Request) -> dict[str, Any]:
    sim, seller = _simulator(request), _seller(request)
    stored = sim.store.get(seller, order_id)
    scope = ("getOrderItems", seller, order_id)
    token = single_param(_params(request), "NextToken")
    if token:
        page = sim.pager.resume(token, scope)
    else:
        item_ids = [item["OrderItemId"] for item in stored.items]
        page = sim.pager.start(Continuation(scope, tuple(item_ids), sim.items_page_size))
    items = [item for item_id in page.ids if (item := stored.item(item_id)) is not None]
    payload: dict[str, Any] = {"AmazonOrderId": order_id, "OrderItems": items}
    if page.next_token:
        payload["NextToken"] = page.next_token
    return {"payload": payload}


@router.post("/orders/{order_id}/shipmentConfirmation", status_code=204)
async def confirm_shipment(order_id: str, request: Request) -> Response:
    sim, seller = _simulator(request), _seller(request)
    stored = sim.store.get(seller, order_id)
    try:
        body = json.loads(await request.body())
    except ValueError:
        raise invalid_input("The request body is not valid JSON.") from None
    sim.shipments.confirm(stored, body, sim.now())
    return Response(status_code=204)
