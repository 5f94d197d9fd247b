"""The data quality report: a run's expectation suite results, as rows to render.

`amazon.validation_run.results` holds either GX's own `to_json_dict()` of the suite
result (a `results` list) or the pipeline's per-expectation statistics (a mapping of
`<expectation type>:<column>` to success and counts); both read the same here.
"""

from __future__ import annotations

from typing import Any


def expectation_rows(results: dict[str, Any] | None) -> list[dict[str, Any]]:
    if not results:
        return []
    if isinstance(results.get("results"), list):
        return [_from_gx(r) for r in results["results"]]
    return [_from_statistics(key, value) for key, value in results.items() if isinstance(value, dict)]


def _percent(unexpected: Any, checked: Any) -> float | None:
    if not checked or unexpected is None:
        return None
    return round(100.0 * float(unexpected) / float(checked), 2)


def _from_gx(result: dict[str, Any]) -> dict[str, Any]:
    config = result.get("expectation_config") or {}
    kwargs, meta, outcome = config.get("kwargs") or {}, config.get("meta") or {}, result.get("result") or {}
    return {
        "expectation": config.get("type") or config.get("expectation_type"),
        "column": kwargs.get("column") or kwargs.get("column_A"),
        "reason": meta.get("reason"),
        "field": meta.get("field"),
        "success": bool(result.get("success")),
        "element_count": outcome.get("element_count"),
        "unexpected_count": outcome.get("unexpected_count"),
        "unexpected_percent": _percent(outcome.get("unexpected_count"), outcome.get("element_count")),
    }


def _from_statistics(key: str, stats: dict[str, Any]) -> dict[str, Any]:
    expectation, _, column = key.partition(":")
    return {
        "expectation": expectation,
        "column": column or None,
        "reason": stats.get("reason"),
        "field": stats.get("field"),
        "success": bool(stats.get("success")),
        "element_count": stats.get("element_count"),
        "unexpected_count": stats.get("unexpected_count"),
        "unexpected_percent": _percent(stats.get("unexpected_count"), stats.get("element_count")),
    }
