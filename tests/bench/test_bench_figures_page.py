"""The docs page of a `make bench` run shows every figure the run measured, formatted, and only
those: the figures come from the bench's own code (its measurements faked, so no database, no
simulator and no minutes of work), written by its `main` as a real run writes them."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from amazon_orders import db, settings
from amazon_orders.settings import BACKFILL_CHUNK_DAYS
from amazon_orders.sp_api.model import UsagePlan, usage_plans
from local_harness.bench import __main__ as bench
from local_harness.bench import extraction, floor, latency, machine, page

TABLES = [
    ("commerce", t)
    for t in (
        "sales_order",
        "sales_order_item",
        "sales_order_address",
        "sales_order_status_history",
        "inventory_reservation",
    )
] + [
    ("amazon", t)
    for t in (
        "order_event",
        "import_candidate",
        "validation_failure",
        "order_blocker",
        "import_note",
        "run",
        "run_store",
    )
]


class FakeConnection:
    def commit(self) -> None:
        pass

    def close(self) -> None:
        pass


@pytest.fixture
def run_bench(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[[list[str]], dict]:
    """`python -m local_harness.bench ARGS` with only its measurements faked (a run's seconds and
    peak memory, the COPY's seconds, the machine's and the simulator's timings): the figures dict
    is made by the bench's own functions. Returns the figures.json it wrote."""
    now = {"lines": 0}
    spread = itertools.cycle([1.04, 0.97, 1.0])  # three runs a size up to 100k lines, not alike

    def world(_url: str, lines: int, stocks: int = 1) -> int:
        now["lines"], now["stocks"] = lines, stocks
        return lines // 3

    def measured(kind: str, _url: str, run_id: str = "bench") -> dict:
        lines = now["lines"]
        if kind == "per_order":
            seconds = lines // 3 / 302.4
        elif run_id == "steady":
            seconds = 6.83
        else:  # each store its own stock: a little slower
            seconds = lines / 9_597.0 * next(spread) * (1.06 if now.get("stocks", 1) > 1 else 1)
        return {
            "imported": lines // 3,
            "seconds": seconds,
            "began": 0.0,
            "ended": seconds,
            "peak_rss_mb": 240.6 + lines / 14_000,
            "start_seconds": 2.94 if run_id == "steady" else 3.37,
        }

    def stores_at_once(_url: str) -> dict:
        seconds = now["lines"] / 27_700.0 * next(spread)
        return {"seconds": seconds, "peak_rss_mb": 190.2 + now["lines"] / 40_000}

    @contextmanager
    def written_rows(_conn: object, _before: dict) -> Iterator[dict]:
        yield dict.fromkeys(TABLES, 0)

    monkeypatch.setattr(bench, "OUT", tmp_path / "out")
    monkeypatch.setattr(settings, "PROJECT_HOME", tmp_path / "project")
    monkeypatch.setattr(bench, "bench_database", lambda: "postgresql://bench.invalid/amazon_orders_bench")
    monkeypatch.setattr(db, "connect", lambda _url: FakeConnection())
    monkeypatch.setattr(bench, "world", world)
    monkeypatch.setattr(bench, "measured", measured)
    monkeypatch.setattr(bench, "_stores_at_once", stores_at_once)
    monkeypatch.setattr(bench.synthetic, "write_orders", lambda *_, **__: 500)
    monkeypatch.setattr(floor, "row_counts", lambda _conn: {})
    monkeypatch.setattr(floor, "written_rows", written_rows)
    monkeypatch.setattr(floor, "rows_written", lambda _rows: int(now["lines"] * 3.6322))
    monkeypatch.setattr(floor, "copy_seconds", lambda *_: now["lines"] / 236_000)
    monkeypatch.setattr(machine, "measure", lambda _url: machine.figures(0.312, 0.331, 0.287, 13.46))
    monkeypatch.setattr(
        extraction,
        "measure",
        lambda _url, orders, _say: extraction.summary(
            orders * 3, orders * 3 - 2, 87.6, {"getOrders": 9, "getOrderItems": orders * 3, "token": 1}, 0
        ),
    )
    monkeypatch.setattr(
        extraction,
        "measure_2026",
        lambda _url, orders, _say: extraction.summary_2026(
            orders + 3,
            44.2,
            {"searchOrders": orders // 100, "token": 1},
            2,
            {code: orders // 9 + (n < orders % 9) for n, code in enumerate(extraction.EU)},
        ),
    )

    def latency_measure(_url: str, mode: str, orders: int, _spread: object) -> dict:
        p50, p95 = (8.1, 9.6) if mode == "notifications" else (266.3, 401.9)
        return {"mode": mode, "orders": orders, "imported": orders, "p50_seconds": p50, "p95_seconds": p95}

    monkeypatch.setattr(latency, "measure", latency_measure)

    def run(argv: list[str]) -> dict:
        bench.main(argv)
        return json.loads((tmp_path / "out" / "figures.json").read_text())

    return run


def docs() -> Path:
    return settings.PROJECT_HOME / "docs"


def sections(text: str) -> dict[str, list[tuple[str, str]]]:
    """Each `## ` section's table rows, as (label, value)."""
    found: dict[str, list[tuple[str, str]]] = {}
    title = ""
    for line in text.splitlines():
        if line.startswith("## "):
            title = line[3:]
            found[title] = []
        elif line.startswith("| ") and not line.startswith(("| figure |", "|---")):
            label, value = line.strip("| ").split(" | ")
            found[title].append((label, value))
    return found


def expected(figures: dict) -> list[tuple[str, str, str, set[tuple]]]:
    """(section, a fragment of the row's label, the row's value, the figures it shows) for every
    figure of the dict; a section "" is the page's text outside the tables."""
    rows: list[tuple[str, str, str, set[tuple]]] = []

    def row(section: str, label: str, value: str, *keys: tuple) -> None:
        rows.append((section, label, value, set(keys)))

    if "date" in figures:
        when = datetime.fromisoformat(figures["date"]).astimezone(UTC)
        row("", "", f"on {when:%Y-%m-%d %H:%M} UTC", ("date",))
    if "elapsed_seconds" in figures:
        minutes, seconds = divmod(round(figures["elapsed_seconds"]), 60)
        row("", "", f"({minutes} min {seconds} s)" if minutes else f"({seconds} s)", ("elapsed_seconds",))

    today = figures.get("machine", {})
    for label, key, value in [
        (f"{machine.WORK:,} Python additions on one core", "python_one_core_seconds", "{:.2f} s"),
        ("two processes at once", "python_two_at_once_seconds", "{:.2f} s"),
        ("cores two such processes", "cores_available", "{:.1f}"),
        (f"Postgres summing {machine.WORK:,} numbers", "postgres_sum_seconds", "{:.2f} s"),
        ("memory copied", "memory_copy_gb_per_s", "{:.1f} GB/s"),
    ]:
        if key in today:
            row("The machine that day", label, value.format(today[key]), ("machine", key))

    def rate(figures: dict) -> str:
        shown = f"{figures['orders_per_s']:,.0f}"
        if figures["runs"] > 1:  # one run: no spread, the rate alone
            slowest, fastest = figures["orders_per_s_range"]
            shown += f" (median of {figures['runs']} runs; {slowest:,.0f}-{fastest:,.0f})"
        return shown

    parallel = {p["lines"]: p for p in figures.get("stores_in_parallel", [])}
    stocks = {s["lines"]: s for s in figures.get("three_stocks", [])}
    for size in figures.get("sizes", []):
        lines = size["lines"]
        title = f"{lines:,} order lines ({size['orders']:,} orders)"

        def of(*names: str, lines: int = lines) -> list[tuple]:
            return [("sizes", lines, name) for name in names]

        row("", "", f"## {title}", *of("lines", "orders"))
        row(
            title,
            "orders/s (stores one after another)",
            rate(size),
            *of("orders_per_s", "runs", "orders_per_s_range"),
        )
        row(title, "lines/s", f"{size['lines_per_s']:,.0f}", *of("lines_per_s"))
        row(title, "the work's time (one after another)", f"{size['seconds']:.2f} s", *of("seconds"))
        row(title, "process start", f"{size['start_seconds']:.1f} s", *of("start_seconds"))
        row(title, "peak memory of a process", f"{size['peak_rss_mb']:,.0f} MiB", *of("peak_rss_mb"))
        row(title, "rows the run wrote", f"{size['copy_floor_rows']:,}", *of("copy_floor_rows"))
        row(title, "tables", f"{size['copy_floor_tables']}", *of("copy_floor_tables"))
        row(title, "COPY floor: those rows", f"{size['copy_floor_seconds']:.3f} s", *of("copy_floor_seconds"))
        row(title, "against the COPY floor", f"{size['floor_ratio']:.1f}x", *of("floor_ratio"))
        if "per_order_seconds" in size:
            row(
                title,
                "per-order way (a transaction per order), orders/s",
                f"{size['per_order_orders_per_s']:,.0f}",
                *of("per_order_orders_per_s"),
            )
            row(
                title,
                "per-order way, the work's time",
                f"{size['per_order_seconds']:.2f} s",
                *of("per_order_seconds"),
            )
        if "per_order_speedup" in size:
            row(
                title,
                f"per-order way (its {size['per_order_rate_at_lines']:,}-line rate)",
                f"{size['per_order_speedup']:.1f}x",
                *of("per_order_speedup", "per_order_rate_at_lines"),
            )
        if lines in stocks:
            each = stocks[lines]

            def of(*names: str, lines: int = lines) -> list[tuple]:
                return [("three_stocks", lines, name) for name in names]

            label = f"orders/s, each store its own stock ({each['stocks']} stocks)"
            row(
                title, label, rate(each), *of("orders_per_s", "runs", "orders_per_s_range", "lines", "stocks")
            )
            row(
                title, "the work's time, each store its own stock", f"{each['seconds']:.2f} s", *of("seconds")
            )
        if lines in parallel:
            at_once = parallel[lines]

            def of(*names: str, lines: int = lines) -> list[tuple]:
                return [("stores_in_parallel", lines, name) for name in names]

            row(
                title,
                "orders/s (stores in parallel",
                rate(at_once),
                *of("orders_per_s", "runs", "orders_per_s_range", "lines", "orders"),
            )
            row(title, "in parallel, first store's start", f"{at_once['seconds']:.2f} s", *of("seconds"))
            row(
                title,
                "peak memory of a process, stores in parallel",
                f"{at_once['peak_rss_mb']:,.0f} MiB",
                *of("peak_rss_mb"),
            )

    steady = figures.get("steady_state")
    if steady:
        on = f"on the imported {steady['existing_lines']:,}-line world: task time"
        row(
            "Steady state",
            on,
            f"{steady['seconds']:.1f} s",
            ("steady_state", "seconds"),
            ("steady_state", "existing_lines"),
        )
        row(
            "Steady state",
            "process start",
            f"{steady['start_seconds']:.1f} s",
            ("steady_state", "start_seconds"),
        )

    latency = figures.get("latency")
    if latency:
        over = f"{latency['orders']} orders over {latency['spread_minutes']:g} minutes"
        for mode, label in (("notifications", "with notifications"), ("polling", "polling only")):
            for name in ("p50", "p95"):
                row(
                    page.LATENCY,
                    f"{label}, {name} ({latency[mode + '_imported']} of {over} imported)",
                    f"{latency[f'{mode}_{name}_seconds']:.1f} s",
                    ("latency", f"{mode}_{name}_seconds"),
                    ("latency", f"{mode}_imported"),
                    ("latency", "orders"),
                    ("latency", "spread_minutes"),
                )

    extracted = figures.get("extraction")
    if extracted:
        calls = ", ".join(f"{op} {n:,}" for op, n in sorted(extracted["calls"].items()))
        for label, value, name in [
            ("orders in the simulator", f"{extracted['orders']:,}", "orders"),
            ("orders fetched", f"{extracted['fetched']:,}", "fetched"),
            ("time taken", f"{extracted['seconds']:.1f} s", "seconds"),
            ("API calls per order", f"{extracted['calls_per_order']:.2f}", "calls_per_order"),
            ("API calls by operation", calls, "calls"),
            ("allowed rate used", f"{100 * extracted['items_rate_share']:.1f}%", "items_rate_share"),
            ("refused", f"{extracted['throttled']:,}", "throttled"),
        ]:
            row("Extraction", label, value, ("extraction", name))
    if extracted and "v2026_orders" in extracted:
        section = page.EXTRACTION_2026
        by_store = extracted["v2026_fetched_by_store"]
        assert list(by_store) == list(extraction.EU), "a store of the nine missing from the walk's figures"
        for label, value, name in [
            ("orders in the simulator", f"{extracted['v2026_orders']:,}", "v2026_orders"),
            ("orders fetched, all stores", f"{extracted['v2026_fetched']:,}", "v2026_fetched"),
            (
                "orders each of the 9 stores got",
                ", ".join(f"{code} {n:,}" for code, n in by_store.items()),
                "v2026_fetched_by_store",
            ),
            ("time taken", f"{extracted['v2026_seconds']:.1f} s", "v2026_seconds"),
            ("API calls per order", f"{extracted['v2026_calls_per_order']:.3f}", "v2026_calls_per_order"),
            (
                "API calls by operation",
                ", ".join(f"{op} {n:,}" for op, n in sorted(extracted["v2026_calls"].items())),
                "v2026_calls",
            ),
            (
                "searchOrders' allowed rate used",
                f"{100 * extracted['v2026_search_rate_share']:.1f}%",
                "v2026_search_rate_share",
            ),
            ("refused", f"{extracted['v2026_throttled']:,}", "v2026_throttled"),
        ]:
            row(section, label, value, ("extraction", name))
    if extracted and "backfill_orders" in extracted:
        row(
            page.BACKFILL,
            f"spread evenly over {extracted['backfill_days']:,} days",
            f"{extracted['backfill_orders']:,}",
            ("extraction", "backfill_orders"),
            ("extraction", "backfill_days"),
        )
        for label, name in [
            ("Orders API v0: getOrders pages, then a getOrderItems call", "v0_backfill_hours"),
            ("every getOrders page asked before any item", "v0_backfill_hours_all_pages_first"),
            ("Orders API v2026-01-01: searchOrders pages", "v2026_backfill_hours"),
        ]:
            row(page.BACKFILL, label, f"{extracted[name]:.1f} h", ("extraction", name))
    return rows


def every_figure(figures: dict) -> set[tuple]:
    """Every figure of the dict by its path: (key,), (section, key), (list, lines, key)."""
    found: set[tuple] = set()
    for name, value in figures.items():
        if isinstance(value, list):
            found |= {(name, item["lines"], key) for item in value for key in item}
        elif isinstance(value, dict):
            found |= {(name, key) for key in value}
        else:
            found.add((name,))
    return found


def assert_shows_every_figure(text: str, figures: dict) -> None:
    rows = expected(figures)
    shown = set().union(*(keys for *_, keys in rows))
    assert shown == every_figure(figures), "a figure the bench makes that this test does not check, or gone"
    tables = sections(text)
    for section, label, value, keys in rows:
        if not section:
            assert value in text, f"{sorted(keys)}: {value!r} not on the page"
            continue
        assert section in tables, f"no section {section!r} on the page"
        values = [v for _, v in tables[section]]
        assert len(values) == len(set(values)), f"two rows of {section!r} alike: no telling them apart"
        assert any(label in got and got_value == value for got, got_value in tables[section]), (
            f"{sorted(keys)}: no row {label!r} | {value!r} in {section!r}: {tables[section]}"
        )


def test_the_page_of_a_full_run_shows_every_figure_formatted(run_bench: Callable[[list[str]], dict]) -> None:
    figures = run_bench(["--sizes", "10000,100000,1000000"])
    assert [s["lines"] for s in figures["sizes"]] == [10_000, 100_000, 1_000_000]
    assert [p["lines"] for p in figures["stores_in_parallel"]] == [100_000, 1_000_000]
    text = (docs() / page.PAGE).read_text()

    assert text.startswith("# Latest make bench figures\n")
    assert "Generated by `make bench`" in text and "do not edit this page by hand" in text
    assert_shows_every_figure(text, figures)
    assert text == page.render(figures, plot=page.PLOT)  # the page is the figures.json it wrote beside it
    assert f"]({page.PLOT})" in text
    assert (docs() / page.PLOT).read_bytes() == (bench.OUT / "throughput.png").read_bytes()
    assert "3,333 orders" in text and "1,000,000 order lines (333,333 orders)" in text  # the faked world
    assert "| 302 |" in text  # the per-order way's orders/s, 3,333 orders at the faked 302.4


def test_the_extraction_alone_shows_both_orders_apis_and_the_backfill(
    run_bench: Callable[[list[str]], dict],
) -> None:
    figures = run_bench(["--only", "extraction", "--extract-orders-v2026", "2500"])
    assert set(figures) == {"date", "machine", "extraction", "elapsed_seconds"}
    extracted = figures["extraction"]
    assert extracted["v2026_fetched"] == 2_500 and extracted["v2026_calls_per_order"] == 25 / 2_500
    assert sum(extracted["v2026_fetched_by_store"].values()) == 2_500
    text = (docs() / page.PAGE).read_text()
    assert_shows_every_figure(text, figures)
    assert page.PLOT not in text and not (docs() / page.PLOT).exists()  # no sizes measured: no plot


def test_the_backfill_hours_follow_from_the_plans() -> None:
    """searchOrders alone: (pages - burst) / rate; v0: the items' calls govern, the getOrders
    pages of a chunk refilled while the previous chunk's items were asked; all pages first, the
    two operations' times add up."""
    figures = extraction.backfill(lambda *_: None)
    plans = usage_plans()
    search, pages_of, items = plans["searchOrders"], plans["getOrders"], plans["getOrderItems"]
    chunks = -(-extraction.BACKFILL_DAYS // BACKFILL_CHUNK_DAYS)
    pages = chunks * -(-(extraction.BACKFILL_ORDERS // chunks) // 100)  # every chunk's pages
    assert figures["v2026_backfill_hours"] == pytest.approx((pages - search.burst) / search.rate / 3600)
    orders = extraction.BACKFILL_ORDERS
    assert figures["v0_backfill_hours"] == pytest.approx((orders - items.burst) / items.rate / 3600)
    assert figures["v0_backfill_hours_all_pages_first"] == pytest.approx(
        ((orders // 100 - pages_of.burst) / pages_of.rate + (orders - items.burst) / items.rate) / 3600
    )
    assert 50 < figures["v0_backfill_hours"] < 60  # about 55 hours, as the issue says


def test_calls_of_an_operation_wait_on_its_own_bucket_only() -> None:
    plans = {"a": UsagePlan(1.0, 2, "1"), "b": UsagePlan(0.5, 1, "0.5")}
    assert extraction.sequence_seconds([("a", 2), ("b", 1)], plans) == 0  # both bursts
    assert extraction.sequence_seconds([("a", 5)], plans) == 3  # 3 beyond the burst at 1/s
    # a waits 3 s; b's bucket is full anyway (burst 1), its 2nd and 3rd calls wait 2 s each;
    # meanwhile a refilled 2 at most (its burst): its 2 calls more cost nothing.
    assert extraction.sequence_seconds([("a", 5), ("b", 3), ("a", 2)], plans) == 7


def test_a_run_of_one_size_without_extraction_renders_what_is_there(
    run_bench: Callable[[list[str]], dict],
) -> None:
    figures = run_bench(["--sizes", "10000", "--no-docs"])
    assert not docs().exists()  # --no-docs: nothing written into docs/
    del figures["extraction"], figures["date"]
    assert figures["stores_in_parallel"] == []

    text = page.render(figures, now=datetime(2026, 11, 27, 14, 3, tzinfo=UTC))
    assert "on 2026-11-27 14:03 UTC" in text  # the figures carry no date: the run time given
    assert_shows_every_figure(text, figures)
    assert "## Extraction" not in text and "in parallel" not in text and "100,000 order lines" not in text
    assert "bench-throughput.png" not in text  # no plot named: none linked


@pytest.mark.parametrize(
    ("figures", "shown"),
    [
        ({}, []),
        ({"sizes": [{"lines": 10_000}]}, []),
        (
            {
                "sizes": [{"lines": 10_000, "orders_per_s": 3_206.4, "runs": 3}],
                "machine": {"cores_available": 1.94},
            },
            [
                "## 10,000 order lines\n",
                "| validate + load, orders/s (stores one after another) | 3,206 |",
                "## The machine that day",
                "| cores two such processes at once get | 1.9 |",
            ],
        ),
        (
            {
                "stores_in_parallel": [{"lines": 100_000, "orders_per_s": 9_236.0}],
                "steady_state": {"seconds": 6.83},
            },
            [
                "## 100,000 order lines\n",
                "(stores in parallel, as the DAG runs them) | 9,236 |",
                "| about 500 new orders: task time | 6.8 s |",
            ],
        ),
        (
            {"extraction": {"calls_per_order": 1.0}, "date": "not a date"},
            ["on not a date;", "| API calls per order (token requests apart) | 1.00 |"],
        ),
    ],
    ids=["nothing", "a size alone", "a few figures", "parallel without its size", "odd date"],
)
def test_missing_figures_are_left_out_not_an_error(figures: dict, shown: list[str]) -> None:
    text = page.render(figures)
    assert text.startswith("# Latest make bench figures\n\nGenerated by `make bench` on ")
    for value in shown:
        assert value in text
    assert text.count("| figure | value |") == sum(1 for v in shown if v.startswith("## ")) + (
        "steady_state" in figures
    ) + ("extraction" in figures)
