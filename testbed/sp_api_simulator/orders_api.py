"""Orders API v0: getOrders, getOrder, getOrderItems, confirmShipment (a pending order shows no prices
and no address, as Amazon shows it)."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request, Response

from amazon_orders.sp_api.model.timestamps import format_amazon_time

from .errors import invalid_input
from .order_queries import QueryParams, parse_orders_query, required_marketplaces, single_param
from .paging import Continuation
from .pending import pending_item_view, pending_order_view
from .restricted import item_view, order_view
from .state import Simulator

router = APIRouter(prefix="/orders/v0")


def _simulator(request: Request) -> Simulator:
    return request.app.state.sim


def _seller(request: Request) -> str:
    sim = _simulator(request)
    token = request.headers.get("x-amz-access-token")
    return sim.sellers.seller_for(token, sim.now(), request.method, request.url.path)


def _elements(request: Request) -> frozenset[str]:
    """The restricted data elements this call's token unlocks (none without an RDT)."""
    token = request.headers.get("x-amz-access-token")
    return _simulator(request).sellers.data_elements(token, request.method, request.url.path)


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
    token, now, elements = single_param(params, "NextToken"), sim.now(), _elements(request)
    store = sim.orders()
    if token:
        page = sim.pager.resume(token, ("getOrders", seller), now)
    else:
        query = parse_orders_query(params, now)
        ids = [stored.order_id for stored in store.select(seller, query, now)]
        extras = {query.before_name: format_amazon_time(query.before)}
        page = sim.pager.start(Continuation(("getOrders", seller), tuple(ids), query.page_size, extras), now)
    orders = [
        order_view(pending_order_view(stored.order), elements)
        for order_id in page.ids
        if (stored := store.lookup(seller, order_id, now))
    ]
    payload: dict[str, Any] = {"Orders": orders}
    if page.next_token:
        payload["NextToken"] = page.next_token
    return {"payload": payload | page.extras}


@router.get("/orders/{order_id}")
async def get_order(order_id: str, request: Request) -> dict[str, Any]:
    sim, seller = _simulator(request), _seller(request)
    order = sim.orders().get(seller, order_id, sim.now()).order
    return {"payload": order_view(pending_order_view(order), _elements(request))}


@router.get("/orders/{order_id}/orderItems")
async def get_order_items(order_id: str, request: Request) -> dict[str, Any]:
    sim, seller = _simulator(request), _seller(request)
    now, elements = sim.now(), _elements(request)
    stored = sim.orders().get(seller, order_id, now)
    scope = ("getOrderItems", seller, order_id)
    token = single_param(_params(request), "NextToken")
    if token:
        page = sim.pager.resume(token, scope, now)
    else:
        item_ids = [item["OrderItemId"] for item in stored.items]
        page = sim.pager.start(Continuation(scope, tuple(item_ids), sim.items_page_size), now)
    items = [
        item_view(pending_item_view(item, stored.order), elements)
        for item_id in page.ids
        if (item := stored.item(item_id)) is not None
    ]
    payload: dict[str, Any] = {"AmazonOrderId": order_id, "OrderItems": items}
    if page.next_token:
        payload["NextToken"] = page.next_token
    return {"payload": payload}


@router.post("/orders/{order_id}/shipmentConfirmation", status_code=204)
async def confirm_shipment(order_id: str, request: Request) -> Response:
    sim, seller = _simulator(request), _seller(request)
    stored = sim.orders().get(seller, order_id)
    try:
        body = json.loads(await request.body())
    except ValueError:
        raise invalid_input("The request body is not valid JSON.") from None
    if sim.shipments.confirm(stored, body, sim.now()):
        sim.store.changed(stored, sim.now())
    return Response(status_code=204)
