"""Reading and checking a scenario file, before anything is written anywhere.

The file's shape is `scenario.schema.yaml`; its orders and items must be Amazon's own
`Order` and `OrderItem` objects (the Orders API v0 model). A file that breaks either is
refused with a `ScenarioError` naming the entry and the field. Currency rates are read as
`Decimal` from the text the file gives, never through a binary float.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from amazon_orders.rules import STORE_DEFAULTS
from amazon_orders.settings import IMPORT_DAG_ID, RECONCILIATION_DAG_ID
from amazon_orders.sp_api.model import (
    ORDERS_2026,
    ORDERS_V0,
    definition_schema,
    order_statuses,
    orders_2026_model,
)

_SHAPE = Path(__file__).with_name("scenario.schema.yaml")
DEFAULT_STEPS = ({"run": IMPORT_DAG_ID}, {"run": RECONCILIATION_DAG_ID})
DEFAULT_BASE_CURRENCY = "USD"  # commerce.store.base_currency_code's default
RATE_PLACES = 12  # commerce.directory_currency_rate.rate is numeric(24, 12)
RATE_LIMIT = Decimal(10) ** 12
# Commerce's Default Stock (stock_id 1) and its source: a catalog `qty` is that source's quantity.
DEFAULT_STOCK = "default"
DEFAULT_SOURCE = "default"
DEFAULT_WEBSITE = "base"  # the website the default stock sells to; another stock's has its code


class ScenarioError(ValueError):
    """A scenario file that cannot be used; the message names the place and the reason."""


class _PlainLoader(yaml.SafeLoader):
    """YAML without implicit timestamps: dates stay the strings Amazon sends."""


_PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Number(float):
    """A YAML float that keeps the text it was written as, so that a rate is read exactly."""

    text: str


def _construct_float(loader: _PlainLoader, node: yaml.ScalarNode) -> _Number:
    number = _Number(loader.construct_yaml_float(node))
    number.text = node.value
    return number


_PlainLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)


def _plain(value: Any) -> Any:
    """The document with every remembered float a plain float again."""
    if isinstance(value, _Number):
        return float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@dataclass(frozen=True)
class Scenario:
    source: str
    now: datetime | None
    stores: list[dict[str, Any]]
    catalog: list[dict[str, Any]]
    listings: list[dict[str, Any]]
    orders: list[dict[str, Any]]
    steps: list[dict[str, Any]] = field(default_factory=lambda: [dict(s) for s in DEFAULT_STEPS])
    # The Commerce side's settings: base_currency (ISO 4217) and currency_rates {code: Decimal}.
    commerce: dict[str, Any] = field(
        default_factory=lambda: {"base_currency": DEFAULT_BASE_CURRENCY, "currency_rates": {}}
    )
    # commerce.stocks with the default stock: [{code, sources (in priority order), stores}], each
    # store in exactly one (a store no stock names is the default stock's).
    stocks: list[dict[str, Any]] = field(
        default_factory=lambda: [{"code": DEFAULT_STOCK, "sources": [DEFAULT_SOURCE], "stores": []}]
    )

    @property
    def base_currency(self) -> str:
        return self.commerce["base_currency"]

    def store(self, name: str) -> dict[str, Any]:
        return next(s for s in self.stores if s["name"] == name)

    def stock_of(self, store_name: str) -> dict[str, Any]:
        """The stock a store sells from: the one naming it, else the default stock."""
        named = [s for s in self.stocks if store_name in s["stores"]]
        return named[0] if named else next(s for s in self.stocks if s["code"] == DEFAULT_STOCK)


def website_of(stock: dict[str, Any]) -> str:
    """The code of the Commerce website a scenario stock sells to (one website per stock)."""
    return DEFAULT_WEBSITE if stock["code"] == DEFAULT_STOCK else stock["code"]


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _place(path: Any) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out.lstrip(".") or "(top)"


@cache
def _model_validator(definition: str, version: str = ORDERS_V0) -> jsonschema.Draft4Validator:
    # Swagger 2.0 schemas are JSON Schema draft 4.
    model = orders_2026_model() if version == ORDERS_2026 else None
    return jsonschema.Draft4Validator(definition_schema(definition, model))


def order_id(entry: dict) -> str:
    """An order entry's Amazon order id, in either version's shape ("?" when it has none)."""
    if "order_2026" in entry:
        return str(entry["order_2026"].get("orderId", "?"))
    return str(entry["order"].get("AmazonOrderId", "?"))


@cache
def _shape_validator() -> jsonschema.Draft202012Validator:
    shape = yaml.load(_SHAPE.read_text(), Loader=_PlainLoader)
    shape["properties"]["steps"]["items"]["properties"]["run"]["enum"] = [
        step["run"] for step in DEFAULT_STEPS
    ]
    return jsonschema.Draft202012Validator(shape)


def rate_value(value: Any, where: str) -> Decimal:
    """A currency rate as an exact Decimal (from the text of a YAML float, never the float itself):
    positive, finite, at most RATE_PLACES decimal places and below 10^12 (numeric(24, 12))."""
    text = value.text if isinstance(value, _Number) else str(value)
    try:
        rate = Decimal(text.replace("_", ""))
    except InvalidOperation:
        raise ScenarioError(f"{where}: {text!r} is not a number") from None
    if not rate.is_finite() or rate <= 0:
        raise ScenarioError(f"{where}: a rate must be more than 0, not {text}")
    if rate >= RATE_LIMIT or rate != rate.quantize(Decimal(1).scaleb(-RATE_PLACES)):
        raise ScenarioError(
            f"{where}: {text} does not fit commerce.directory_currency_rate.rate "
            f"(at most {RATE_PLACES} decimal places, below 10^12)"
        )
    return rate


def _commerce(doc: dict, source: str) -> dict[str, Any]:
    """The `commerce:` block, checked: its base currency and its rates from it, as Decimals."""
    block = doc.get("commerce") or {}
    base = block.get("base_currency", DEFAULT_BASE_CURRENCY)
    rates = {}
    for currency, value in (block.get("currency_rates") or {}).items():
        where = f"{source}: commerce.currency_rates.{currency}"
        if currency == base:
            raise ScenarioError(f"{where}: the base currency ({base}) needs no rate to itself; leave it out")
        rates[currency] = rate_value(value, where)
    return {"base_currency": base, "currency_rates": rates}


def _check_shape(doc: Any, source: str) -> None:
    errors = sorted(_shape_validator().iter_errors(doc), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        raise ScenarioError(f"{source}: {_place(first.absolute_path)}: {first.message}")


def _check_orders(doc: dict, source: str) -> None:
    seen: set[str] = set()
    stores = {s["name"] for s in doc["stores"]}
    for i, entry in enumerate(doc.get("orders", [])):
        oid = order_id(entry)
        where = f"{source}: orders[{i}] ({oid})"
        if entry["store"] not in stores:
            raise ScenarioError(f"{where}.store: unknown store {entry['store']!r}")
        if "order_2026" in entry:  # a v2026 Order carries its items
            checks = [("order_2026", entry["order_2026"], "Order", ORDERS_2026)]
        else:
            checks = [("order", entry["order"], "Order", ORDERS_V0)] + [
                (f"items[{j}]", item, "OrderItem", ORDERS_V0) for j, item in enumerate(entry.get("items", []))
            ]
        for name, obj, definition, version in checks:
            error = jsonschema.exceptions.best_match(_model_validator(definition, version).iter_errors(obj))
            if error is not None:
                raise ScenarioError(f"{where}.{name}.{_place(error.absolute_path)}: {error.message}")
        if oid in seen:
            field = "order_2026.orderId" if "order_2026" in entry else "order.AmazonOrderId"
            raise ScenarioError(f"{where}.{field}: duplicate order id")
        seen.add(oid)


def _check_references(doc: dict, source: str, base: str) -> None:
    stores = {s["name"] for s in doc["stores"]}
    orders = {order_id(o) for o in doc.get("orders", [])}
    for kind, entries in (("stores", doc["stores"]), ("catalog", doc.get("catalog", []))):
        key = "name" if kind == "stores" else "sku"
        names = [e[key] for e in entries]
        for i, name in enumerate(names):
            if names.index(name) != i:
                raise ScenarioError(f"{source}: {kind}[{i}].{key}: duplicate {name!r}")
    for i, listing in enumerate(doc.get("listings", [])):
        if listing["store"] not in stores:
            raise ScenarioError(f"{source}: listings[{i}].store: unknown store {listing['store']!r}")
    for i, step in enumerate(doc.get("steps", [])):
        ((kind, args),) = step.items()
        if isinstance(args, dict) and "order" in args and args["order"] not in orders:
            raise ScenarioError(f"{source}: steps[{i}].{kind}.order: unknown order {args['order']!r}")
        if isinstance(args, dict) and "store" in args and args["store"] not in stores:
            raise ScenarioError(f"{source}: steps[{i}].{kind}.store: unknown store {args['store']!r}")
        if kind == "set_currency_rate" and args["currency"] == base:
            raise ScenarioError(
                f"{source}: steps[{i}].set_currency_rate.currency: the base currency ({base}) "
                "has no rate to itself"
            )
        if kind == "amazon_status" and args["status"] not in order_statuses():
            raise ScenarioError(
                f"{source}: steps[{i}].amazon_status.status: unknown status {args['status']!r}"
            )


def _stocks(doc: dict, source: str) -> list[dict[str, Any]]:
    """`commerce.stocks`, checked, with the default stock (source `default`) unless the file lists
    it: each store sells from one stock (the default stock's are those no other stock names), each
    source belongs to one stock (two stocks never sell the same unit), and the stores on one
    Commerce store view are in one stock (a store view belongs to one website, a website sells
    from one stock)."""
    stocks = [
        {"code": s["code"], "sources": list(s["sources"]), "stores": list(s.get("stores", []))}
        for s in (doc.get("commerce") or {}).get("stocks", [])
    ]
    implicit = all(s["code"] != DEFAULT_STOCK for s in stocks)
    names = [s["name"] for s in doc["stores"]]
    store_stock: dict[str, str] = {}
    source_stock: dict[str, str] = {DEFAULT_SOURCE: DEFAULT_STOCK} if implicit else {}
    for i, stock in enumerate(stocks):
        where = f"{source}: commerce.stocks[{i}]"
        if any(other["code"] == stock["code"] for other in stocks[:i]):
            raise ScenarioError(f"{where}.code: duplicate stock {stock['code']!r}")
        if stock["code"] == DEFAULT_WEBSITE:
            raise ScenarioError(
                f"{where}.code: {DEFAULT_WEBSITE!r} is the default stock's website; name the stock otherwise"
            )
        for j, code in enumerate(stock["sources"]):
            if code in source_stock:
                unlisted = implicit and source_stock[code] == DEFAULT_STOCK
                note = " (it holds source default unless commerce.stocks lists it)" if unlisted else ""
                raise ScenarioError(
                    f"{where}.sources[{j}]: source {code!r} is in stock {source_stock[code]!r} too"
                    f"{note}; a source belongs to one stock"
                )
            source_stock[code] = stock["code"]
        for j, name in enumerate(stock["stores"]):
            if name not in names:
                raise ScenarioError(f"{where}.stores[{j}]: unknown store {name!r}")
            if name in store_stock:
                raise ScenarioError(
                    f"{where}.stores[{j}]: store {name!r} is in stock {store_stock[name]!r} too; "
                    "a store sells from one stock"
                )
            store_stock[name] = stock["code"]
    _check_store_views(doc, source, store_stock)
    return stocks + ([{"code": DEFAULT_STOCK, "sources": [DEFAULT_SOURCE], "stores": []}] if implicit else [])


def _check_store_views(doc: dict, source: str, store_stock: dict[str, str]) -> None:
    """Stores on one Commerce store view sell from one stock (its website's)."""
    view_of: dict[str, tuple[str, str]] = {}  # store view -> (first store on it, its stock)
    for i, store in enumerate(doc["stores"]):
        view = store.get("store_view", STORE_DEFAULTS["store_view"])
        stock = store_stock.get(store["name"], DEFAULT_STOCK)
        other, other_stock = view_of.setdefault(view, (store["name"], stock))
        if other_stock != stock:
            raise ScenarioError(
                f"{source}: stores[{i}] ({store['name']}).store_view: store view {view!r} is also "
                f"{other}'s, which sells from stock {other_stock!r}, not {stock!r}; a store view belongs "
                f"to one website and a website sells from one stock: give {store['name']} a store_view "
                "of its own"
            )


def _check_product_stock(product: dict, where: str, sources: set[str]) -> None:
    """A product's quantities name sources some stock has; `qty` is source default's."""
    for code in product.get("sources", {}):
        if code not in sources:
            raise ScenarioError(f"{where}.sources.{code}: no stock has source {code!r} (commerce.stocks)")
    if "qty" in product and DEFAULT_SOURCE in product.get("sources", {}):
        raise ScenarioError(
            f"{where}.qty: qty is source {DEFAULT_SOURCE}'s quantity, and sources.{DEFAULT_SOURCE} gives "
            "it too; give one"
        )
    if "qty" in product and DEFAULT_SOURCE not in sources:
        raise ScenarioError(
            f"{where}.qty: qty is source {DEFAULT_SOURCE}'s quantity, and no stock has source "
            f"{DEFAULT_SOURCE} (commerce.stocks); give sources instead"
        )


def _check_stock_references(doc: dict, source: str, stocks: list[dict[str, Any]]) -> None:
    """The catalog's and the steps' sources are sources of a stock; a shipment's named source is
    one of the stock its order's store sells from."""
    sources = {code for stock in stocks for code in stock["sources"]}
    for i, product in enumerate(doc.get("catalog", [])):
        _check_product_stock(product, f"{source}: catalog[{i}]", sources)
    store_of = {order_id(o): o["store"] for o in doc.get("orders", [])}
    stock_of = {name: stock for stock in stocks for name in stock["stores"]}
    default = next(s for s in stocks if s["code"] == DEFAULT_STOCK)
    for i, step in enumerate(doc.get("steps", [])):
        ((kind, args),) = step.items()
        where = f"{source}: steps[{i}].{kind}"
        if kind == "add_product":
            _check_product_stock(args, where, sources)
        if kind == "set_stock" and args.get("source", DEFAULT_SOURCE) not in sources:
            code = args.get("source", DEFAULT_SOURCE)
            field = "source" if "source" in args else "sku"
            raise ScenarioError(
                f"{where}.{field}: no stock has source {code!r} (commerce.stocks)"
                + ("" if "source" in args else "; name the source")
            )
        if kind == "ship" and "source" in args:
            stock = stock_of.get(store_of[args["order"]], default)
            if args["source"] not in stock["sources"]:
                raise ScenarioError(
                    f"{where}.source: source {args['source']!r} is not in stock {stock['code']!r}, which "
                    f"{store_of[args['order']]} (of order {args['order']}) sells from"
                )


def _ordered_quantities(entry: dict) -> dict[str, Any]:
    """An order entry's lines: OrderItemId -> the quantity ordered, in either version's shape."""
    if "order_2026" in entry:
        items = entry["order_2026"].get("orderItems") or []
        return {i.get("orderItemId"): i.get("quantityOrdered") for i in items if isinstance(i, dict)}
    return {i.get("OrderItemId"): i.get("QuantityOrdered") for i in entry.get("items", [])}


def _check_item_cancellations(doc: dict, source: str) -> None:
    """Each amazon_cancel_item step names a line of its order, and the steps together cancel no more
    of a line than was ordered (the simulator refuses, when played, what has shipped meanwhile)."""
    lines = {order_id(entry): _ordered_quantities(entry) for entry in doc.get("orders", [])}
    canceled: dict[tuple[str, str], int] = {}
    for i, step in enumerate(doc.get("steps", [])):
        args = step.get("amazon_cancel_item")
        if args is None:
            continue
        where = f"{source}: steps[{i}].amazon_cancel_item"
        ordered = lines[args["order"]]
        if args["item"] not in ordered:
            known = ", ".join(str(k) for k in ordered) or "none"
            raise ScenarioError(
                f"{where}.item: order {args['order']} has no item {args['item']!r} (its items: {known})"
            )
        key = (args["order"], args["item"])
        canceled[key] = canceled.get(key, 0) + args["quantity"]
        if isinstance(ordered[args["item"]], int) and canceled[key] > ordered[args["item"]]:
            raise ScenarioError(
                f"{where}.quantity: {canceled[key]} canceled in all of item {args['item']}, "
                f"which has {ordered[args['item']]} ordered"
            )


def _read_step_rates(doc: dict, source: str) -> None:
    """Every set_currency_rate step's rate as an exact Decimal (null stays: it removes the rate)."""
    for i, step in enumerate(doc.get("steps", [])):
        args = step.get("set_currency_rate")
        if args is not None and args["rate"] is not None:
            args["rate"] = rate_value(args["rate"], f"{source}: steps[{i}].set_currency_rate.rate")


def load_scenario(path: str | Path) -> Scenario:
    """Read and check a scenario file; raise ScenarioError naming the place of any fault."""
    source = str(path)
    try:
        doc = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_PlainLoader)
    except OSError as exc:
        raise ScenarioError(f"{source}: cannot read: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise ScenarioError(f"{source}: not valid YAML: {exc}") from exc
    _check_shape(doc, source)
    commerce = _commerce(doc, source)
    _check_orders(doc, source)
    _check_references(doc, source, commerce["base_currency"])
    _check_item_cancellations(doc, source)
    stocks = _stocks(doc, source)
    _check_stock_references(doc, source, stocks)
    _read_step_rates(doc, source)
    doc = _plain(doc)
    return Scenario(
        source=source,
        now=parse_time(doc["now"]) if doc.get("now") else None,
        stores=doc["stores"],
        catalog=doc.get("catalog", []),
        listings=doc.get("listings", []),
        orders=[o if "order_2026" in o else {"items": [], **o} for o in doc.get("orders", [])],
        steps=doc["steps"] if "steps" in doc else [dict(s) for s in DEFAULT_STEPS],
        commerce=commerce,
        stocks=stocks,
    )
