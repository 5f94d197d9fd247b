"""The latency bench's percentiles: nearest rank, so a p95 is a latency some order had."""

from __future__ import annotations

from local_harness.bench.latency import percentile


def test_nearest_rank():
    values = [float(v) for v in range(1, 21)]  # 1..20
    assert percentile(values, 0.5) == 10.0
    assert percentile(values, 0.95) == 19.0
    assert percentile([7.0], 0.95) == 7.0
    assert percentile([3.0, 1.0, 2.0], 0.5) == 2.0
