"""Reading and checking a scenario file, before anything is written anywhere.

The file's shape is `scenario.schema.yaml`; its orders and items must be Amazon's own
`Order` and `OrderItem` objects (the Orders API v0 model). A file that breaks either is
refused with a `ScenarioError` naming the entry and the field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

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


class ScenarioError(ValueError):
    """A scenario file that cannot be used; the message names the place and the reason."""


class _PlainLoader(yaml.SafeLoader):
    """YAML without implicit timestamps: dates stay the strings Amazon sends."""


_PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class Scenario:
    source: str
    now: datetime | None
    stores: list[dict[str, Any]]
    catalog: list[dict[str, Any]]
    listings: list[dict[str, Any]]
    orders: list[dict[str, Any]]
    steps: list[dict[str, Any]] = field(default_factory=lambda: [dict(s) for s in DEFAULT_STEPS])

    def store(self, name: str) -> dict[str, Any]:
        return next(s for s in self.stores if s["name"] == name)


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


def _check_references(doc: dict, source: str) -> None:
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
        if kind == "amazon_status" and args["status"] not in order_statuses():
            raise ScenarioError(
                f"{source}: steps[{i}].amazon_status.status: unknown status {args['status']!r}"
            )


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
    _check_orders(doc, source)
    _check_references(doc, source)
    return Scenario(
        source=source,
        now=parse_time(doc["now"]) if doc.get("now") else None,
        stores=doc["stores"],
        catalog=doc.get("catalog", []),
        listings=doc.get("listings", []),
        orders=[o if "order_2026" in o else {"items": [], **o} for o in doc.get("orders", [])],
        steps=doc["steps"] if "steps" in doc else [dict(s) for s in DEFAULT_STEPS],
    )
