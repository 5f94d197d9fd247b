"""The operator features' pure parts, without Airflow: the trigger form's replay window,
and the data quality report's reading of both kinds of stored suite results."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from amazon_orders.dashboard.quality import expectation_rows
from amazon_orders.tasks import replay_window


def test_replay_window_reads_the_form():
    assert replay_window({"replay_from": None, "replay_to": None}) is None
    assert replay_window({}) is None
    assert replay_window({"replay_from": "2026-11-20T10:30:00Z", "replay_to": None}) == (
        datetime(2026, 11, 20, 10, 30, tzinfo=UTC),
        None,
    )
    assert replay_window({"replay_from": "", "replay_to": "2026-11-20T11:30:00+00:00"}) == (
        None,
        datetime(2026, 11, 20, 11, 30, tzinfo=UTC),
    )


def test_a_backwards_replay_window_is_refused_naming_both_ends():
    with pytest.raises(ValueError, match=r"replay_from 2026-11-20T12:00:00\+00:00 is not before replay_to"):
        replay_window({"replay_from": "2026-11-20T12:00:00Z", "replay_to": "2026-11-20T11:00:00Z"})


def test_quality_report_reads_gx_results_and_pipeline_statistics():
    gx = {
        "success": False,
        "results": [
            {
                "success": False,
                "expectation_config": {
                    "type": "expect_column_values_to_not_be_null",
                    "kwargs": {"column": "product_id"},
                    "meta": {"reason": "NOT_IN_CATALOG"},
                },
                "result": {"element_count": 8, "unexpected_count": 2},
            }
        ],
    }
    statistics = {
        "expect_column_values_to_not_be_null:product_id": {
            "reason": "NOT_IN_CATALOG",
            "success": False,
            "element_count": 8,
            "unexpected_count": 2,
        }
    }
    expected = [
        {
            "expectation": "expect_column_values_to_not_be_null",
            "column": "product_id",
            "reason": "NOT_IN_CATALOG",
            "field": None,
            "success": False,
            "element_count": 8,
            "unexpected_count": 2,
            "unexpected_percent": 25.0,
        }
    ]
    assert expectation_rows(gx) == expected
    assert expectation_rows(statistics) == expected
    assert expectation_rows({}) == [] and expectation_rows(None) == []
