"""The contract: every request the simulator accepts and every answer it gives, checked against Amazon's
models (ordersV0.json, tokens_2021-03-01.json, orders_2026-01-01.json) with a JSON-schema validator; an
operation is looked up by its name (v2026's getOrder is `getOrder.2026-01-01`).

Swagger 2.0 parameters become one JSON schema per operation (query values converted as Swagger's `csv`
arrays, integers and booleans; unknown parameters refused); bodies and answers are validated against the
operation's own schemas. A request the model forbids may be refused (4xx) but never answered with success;
every answer must be one the model defines for its status. Injected malformed bodies are exempt.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from functools import cache
from typing import Any

import jsonschema

from amazon_orders.sp_api.model import operation_spec

_PARAM_KEYWORDS = ("type", "items", "maxItems", "minItems", "enum", "minimum", "maximum", "pattern")


@cache
def _parameters(operation: str) -> tuple[jsonschema.Draft4Validator, jsonschema.Draft4Validator | None, dict]:
    model, spec = operation_spec(operation)
    params = spec.get("parameters", [])
    query = {p["name"]: p for p in params if p["in"] == "query"}
    schema = {
        "type": "object",
        "properties": {name: {k: p[k] for k in _PARAM_KEYWORDS if k in p} for name, p in query.items()},
        "required": [name for name, p in query.items() if p.get("required")],
        "additionalProperties": False,
    }
    if not schema["required"]:
        del schema["required"]
    body = next((p for p in params if p["in"] == "body"), None)
    body_validator = None
    if body is not None:
        body_validator = jsonschema.Draft4Validator({**body["schema"], "definitions": model["definitions"]})
    return jsonschema.Draft4Validator(schema), body_validator, query


@cache
def _answer(operation: str, status: int) -> tuple[bool, jsonschema.Draft4Validator | None, tuple[str, ...]]:
    """(status defined by the model, validator of its body or None, headers it declares)."""
    model, spec = operation_spec(operation)
    answer = spec["responses"].get(str(status))
    if answer is None:
        return False, None, ()
    schema = answer.get("schema")
    validator = (
        jsonschema.Draft4Validator({**schema, "definitions": model["definitions"]}) if schema else None
    )
    return True, validator, tuple(answer.get("headers", {}))


def _converted(value: str, param: dict[str, Any]) -> Any:
    kind = param.get("type")
    if kind == "integer":
        try:
            return int(value)
        except ValueError:
            return value
    if kind == "boolean":
        return {"true": True, "false": False}.get(value, value)
    return value


def query_instance(operation: str, query: Iterable[tuple[str, str]]) -> dict[str, Any]:
    _, _, declared = _parameters(operation)
    instance: dict[str, Any] = {}
    for name, value in query:
        param = declared.get(name, {})
        if param.get("type") == "array":
            instance.setdefault(name, []).extend(v for v in value.split(",") if v)
        else:
            instance[name] = _converted(value, param)
    return instance


def _messages(validator: jsonschema.Draft4Validator, instance: Any, where: str) -> list[str]:
    found = []
    for error in validator.iter_errors(instance):
        place = "/".join(str(p) for p in error.absolute_path)
        found.append(f"{where}{'/' + place if place else ''}: {error.message}")
    return found


def request_violations(operation: str, query: Iterable[tuple[str, str]], body: bytes) -> list[str]:
    query_validator, body_validator, _ = _parameters(operation)
    found = _messages(query_validator, query_instance(operation, query), "query")
    if body_validator is not None:
        try:
            found += _messages(body_validator, json.loads(body or b"null"), "body")
        except ValueError:
            found.append("body: not JSON")
    return found


def answer_violations(operation: str, status: int, body: bytes, headers: dict[str, str]) -> list[str]:
    defined, validator, declared = _answer(operation, status)
    if not defined:
        return [f"status {status} is not an answer the model defines"]
    found = [f"header {h} missing" for h in declared if h.lower() not in headers]
    if validator is None:
        if body.strip():
            found.append("body: the model defines no body for this status")
        return found
    try:
        return found + _messages(validator, json.loads(body), "answer")
    except ValueError:
        return [*found, "answer: not JSON"]


class ContractLog:
    """What the simulator checked and every violation seen, for the tests to assert on."""

    def __init__(self) -> None:
        self.checked = 0
        self.violations: list[str] = []
        self._lock = threading.Lock()

    def check(
        self,
        operation: str,
        method: str,
        path: str,
        query: list[tuple[str, str]],
        request_body: bytes,
        status: int,
        answer: bytes,
        headers: dict[str, str],
    ) -> list[str]:
        found = []
        if status < 400:  # a request the model forbids must never succeed
            found += request_violations(operation, query, request_body)
        found += answer_violations(operation, status, answer, headers)
        found = [f"{operation} {method} {path} -> {status}: {v}" for v in found]
        with self._lock:
            self.checked += 1
            self.violations += found
        return found

    def as_json(self) -> dict[str, Any]:
        return {"checked": self.checked, "violations": list(self.violations)}
