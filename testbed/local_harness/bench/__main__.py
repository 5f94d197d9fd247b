"""`make bench`: throughput and memory of validate + load against N, the per-order way,
the COPY floor, extraction against the time-scaled usage plans, and a steady-state run; first,
the machine's speed today (fixed work on one core, two at once, in Postgres, memory copy).

Prints one line per figure; writes .local/bench/figures.json and .local/bench/throughput.png, and
the docs page of the run, docs/bench-figures.md with docs/bench-throughput.png (`--no-docs`: not).
`--sizes 10000,100000` measures fewer sizes (the default is 10k, 100k and 1M lines). Sizes up
to 100k lines are measured three times and the median run kept, its spread printed.
`--only extraction` measures the machine and the extraction alone (Orders API v0 and v2026);
`--only latency` the latency from an order's creation to its Commerce order, with ORDER_CHANGE
notifications and with polling only, on Airflow's scheduler in real time (about 15 minutes; part of
the full run too).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from amazon_orders import db, settings
from amazon_orders.migrate import reset
from local_harness import embedded_postgres, environment
from local_harness.bench import floor, machine, page, synthetic

DATABASE = "amazon_orders_bench"
OUT = environment.STATE_HOME / "bench"
REPEAT_UP_TO = 100_000


def bench_database() -> str:
    server = settings.commerce_db_url() or embedded_postgres.ensure_running()
    base = server.rpartition("/")[0]
    embedded_postgres.ensure_database(f"{base}/postgres", DATABASE)
    return f"{base}/{DATABASE}"


def measured(kind: str, url: str, run_id: str = "bench") -> dict:
    """The work's own seconds and peak memory; `start_seconds` is the process's start before it
    (interpreter, imports, the expectation suite), paid once by each Airflow task process."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "local_harness.bench.measure", kind, url, run_id],
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )  # stderr shows through
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return {**result, "start_seconds": time.perf_counter() - started - result["seconds"]}


def say(name: str, value: float, unit: str, digits: int = 1) -> None:
    print(f"{name:<58} {value:>14,.{digits}f} {unit}", flush=True)


def world(url: str, lines: int, stocks: int = 1) -> int:
    reset(url)
    with closing(db.connect(url)) as conn:
        synthetic.write_world(conn, lines, stocks)
        orders = synthetic.write_orders(conn, lines)
        conn.commit()
        conn.autocommit = True  # VACUUM runs outside a transaction
        db.execute(conn, "bench/analyze_world")
        return orders


def copy_floor(url: str, before: dict, lines: int) -> dict:
    """The floor for the rows the last run wrote (the same each run: the world is the same),
    the median of as many COPYs as the size has runs."""
    with closing(db.connect(url)) as conn, floor.written_rows(conn, before) as rows:
        seconds = statistics.median(floor.copy_seconds(conn, rows) for _ in range(repeats(lines)))
        return {
            "copy_floor_seconds": seconds,
            "copy_floor_rows": floor.rows_written(rows),
            "copy_floor_tables": len(rows),
        }


def row_counts(url: str) -> dict:
    with closing(db.connect(url)) as conn:
        return floor.row_counts(conn)


def repeats(lines: int) -> int:
    """Sizes up to REPEAT_UP_TO lines are measured three times and the median kept: timings on
    a shared 2-core machine wander by a fifth from one run to the next."""
    return 3 if lines <= REPEAT_UP_TO else 1


def median_run(runs: list[dict], orders: int) -> dict:
    """The median run by seconds, with the spread of all runs (and the highest peak memory)."""
    ranked = sorted(runs, key=lambda r: r["seconds"])
    return {
        **ranked[len(ranked) // 2],
        "runs": len(runs),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
        "orders_per_s_range": [orders / ranked[-1]["seconds"], orders / ranked[0]["seconds"]],
    }


def say_spread(result: dict) -> None:
    if result["runs"] > 1:
        slowest, fastest = result["orders_per_s_range"]
        print(f"  (median of {result['runs']} runs; slowest {slowest:,.0f}, fastest {fastest:,.0f} orders/s)")


def machine_figures(url: str) -> dict:
    today = machine.measure(url)
    say(
        f"machine today: {machine.WORK:,} Python additions on one core", today["python_one_core_seconds"], "s"
    )
    say("machine today: cores two such processes at once get", today["cores_available"], "cores")
    say(f"machine today: Postgres summing {machine.WORK:,} numbers", today["postgres_sum_seconds"], "s")
    say("machine today: memory copied from array to array", today["memory_copy_gb_per_s"], "GB/s")
    return today


def size_figures(url: str, lines: int, per_order_up_to: int) -> dict:
    runs = []
    for _ in range(repeats(lines)):
        orders = world(url, lines)
        before = row_counts(url)
        runs.append(measured("pipeline", url))
    result = median_run(runs, orders)
    figures = {
        "lines": lines,
        "orders": orders,
        "seconds": result["seconds"],
        "peak_rss_mb": result["peak_rss_mb"],
        "orders_per_s": orders / result["seconds"],
        "lines_per_s": lines / result["seconds"],
        "runs": result["runs"],
        "orders_per_s_range": result["orders_per_s_range"],
    }
    say(f"validate+load {lines:,} lines: orders/s", figures["orders_per_s"], "orders/s")
    say_spread(result)
    say(f"validate+load {lines:,} lines: lines/s", figures["lines_per_s"], "lines/s")
    say(f"validate+load {lines:,} lines: peak memory", figures["peak_rss_mb"], "MiB")
    figures["start_seconds"] = result["start_seconds"]
    say("  (process start: imports and the expectation suite, apart)", result["start_seconds"], "s")
    figures.update(copy_floor(url, before, lines))
    figures["floor_ratio"] = result["seconds"] / figures["copy_floor_seconds"]
    say(
        f"COPY floor {lines:,} lines: the {figures['copy_floor_rows']:,} rows it wrote, bare tables",
        figures["copy_floor_seconds"],
        "s",
    )
    say(f"validate+load {lines:,} lines: x the COPY floor", figures["floor_ratio"], "x")
    if lines <= per_order_up_to:
        world(url, lines)
        baseline = measured("per_order", url)
        figures["per_order_seconds"] = baseline["seconds"]
        figures["per_order_orders_per_s"] = orders / baseline["seconds"]
        say(f"per-order way {lines:,} lines: orders/s", figures["per_order_orders_per_s"], "orders/s")
    return figures


def per_order_speedups(sizes: list[dict]) -> None:
    """Each size's orders/s over the per-order way's: its own where measured, else the rate at the
    largest size it was measured at (a transaction per order costs the same whatever N)."""
    measured_at = [s for s in sizes if "per_order_orders_per_s" in s]
    if not measured_at:
        return
    for size in sizes:
        baseline = size if "per_order_orders_per_s" in size else measured_at[-1]
        size["per_order_speedup"] = size["orders_per_s"] / baseline["per_order_orders_per_s"]
        size["per_order_rate_at_lines"] = baseline["lines"]
        say(
            f"validate+load {size['lines']:,} lines: x the per-order way ({baseline['lines']:,}-line rate)",
            size["per_order_speedup"],
            "x",
        )


def stocks_figures(url: str, lines: int) -> dict:
    """The same world with each store selling from a stock of its own (three stocks, three sources)."""
    runs = []
    for _ in range(repeats(lines)):
        orders = world(url, lines, stocks=synthetic.STORES)
        runs.append(measured("pipeline", url))
    result = median_run(runs, orders)
    figures = {
        "lines": lines,
        "stocks": synthetic.STORES,
        "seconds": result["seconds"],
        "orders_per_s": orders / result["seconds"],
        "runs": result["runs"],
        "orders_per_s_range": result["orders_per_s_range"],
    }
    say(
        f"validate+load {lines:,} lines, {synthetic.STORES} stocks: orders/s",
        figures["orders_per_s"],
        "orders/s",
    )
    say_spread(result)
    return figures


def stores_in_parallel(url: str, lines: int) -> dict:
    """The same work with each store in a process of its own at once, as the DAG's mapped task
    groups run: from the first store's start to the last store's end."""
    runs = []
    for _ in range(repeats(lines)):
        orders = world(url, lines)
        runs.append(_stores_at_once(url))
    result = median_run(runs, orders)
    figures = {
        "lines": lines,
        "orders": orders,
        "seconds": result["seconds"],
        "orders_per_s": orders / result["seconds"],
        "peak_rss_mb": result["peak_rss_mb"],
        "runs": result["runs"],
        "orders_per_s_range": result["orders_per_s_range"],
    }
    say(f"validate+load {lines:,} lines, stores in parallel: orders/s", figures["orders_per_s"], "orders/s")
    say_spread(result)
    say(
        f"validate+load {lines:,} lines, stores in parallel: peak memory a process",
        figures["peak_rss_mb"],
        "MiB",
    )
    return figures


def _stores_at_once(url: str) -> dict:
    with closing(db.connect(url)) as conn:
        stores = [s["store_id"] for s in db.fetch_all(conn, "extract/list_stores")]
    command = [sys.executable, "-m", "local_harness.bench.measure", "pipeline", url, "parallel"]
    running = [subprocess.Popen([*command, str(s)], stdout=subprocess.PIPE, text=True) for s in stores]
    results = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in running]
    if any(p.returncode for p in running):
        raise RuntimeError("a store's process failed")
    return {
        "seconds": max(r["ended"] for r in results) - min(r["began"] for r in results),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in results),
    }


def steady_state(url: str, existing_lines: int) -> dict:
    """500 new orders on top of an imported world: the import tasks' time, no API waits."""
    with closing(db.connect(url)) as conn:
        synthetic.write_orders(conn, 1_500, first=10**9, seed=11)  # about 500 orders
    result = measured("pipeline", url, "steady")
    say(f"steady state: 500 new orders on {existing_lines:,} lines", result["seconds"], "s")
    say("  (process start: imports and the expectation suite, apart)", result["start_seconds"], "s")
    return {
        "existing_lines": existing_lines,
        "seconds": result["seconds"],
        "start_seconds": result["start_seconds"],
    }


def extraction_figures(url: str, orders_v0: int, orders_v2026: int) -> dict:
    """Extraction through Orders API v0 and v2026-01-01 against the time-scaled plans, and a
    backfill's hours at Amazon's plans (computed)."""
    from local_harness.bench import extraction

    return {
        **extraction.measure(url, orders_v0, say),
        **extraction.measure_2026(url, orders_v2026, say),
        **extraction.backfill(say),
    }


def plot(sizes: list[dict], parallel: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, throughput = plt.subplots(figsize=(7, 4))
    lines = [s["lines"] for s in sizes]
    throughput.plot(
        lines, [s["orders_per_s"] for s in sizes], "o-", label="orders/s, stores one after another"
    )
    if parallel:
        throughput.plot(
            [p["lines"] for p in parallel],
            [p["orders_per_s"] for p in parallel],
            "^-",
            label="orders/s, stores in parallel",
        )
    throughput.set_xscale("log")
    throughput.set_xlabel("order lines")
    throughput.set_ylabel("orders per second")
    memory = throughput.twinx()
    memory.plot(lines, [s["peak_rss_mb"] for s in sizes], "s--", color="tab:red", label="peak MiB")
    memory.set_ylabel("peak memory (MiB)")
    throughput.set_ylim(bottom=0)
    memory.set_ylim(0, 1024)  # the 1 GiB budget as the scale
    figure.legend(loc="lower right", bbox_to_anchor=(0.88, 0.15))
    figure.suptitle("validate + load: throughput and memory against N")
    figure.tight_layout()
    figure.savefig(path, dpi=100)


def latency_figures(url: str, orders: int, spread_minutes: float) -> dict:
    """p50 and p95 from an order's creation to its Commerce order, per mode (bench/latency.py)."""
    from datetime import timedelta

    from local_harness.bench import latency

    found: dict = {"orders": orders, "spread_minutes": spread_minutes}
    for mode in latency.MODES:
        result = latency.measure(url, mode, orders, timedelta(minutes=spread_minutes))
        label = "with notifications" if mode == "notifications" else "polling only"
        found[f"{mode}_imported"] = result["imported"]
        for name in ("p50", "p95"):
            value = result[f"{name}_seconds"]
            found[f"{mode}_{name}_seconds"] = value
            imported = f"{result['imported']}/{orders} orders"
            say(f"latency {label}, {name} ({imported})", float("nan") if value is None else value, "s")
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--per-order-up-to", type=int, default=10_000)
    parser.add_argument("--extract-orders", type=int, default=300, help="orders of the v0 extraction")
    parser.add_argument(
        "--extract-orders-v2026",
        type=int,
        default=2_500,
        help="orders of the v2026 extraction (one seller, 9 marketplaces; past 2,000 the walk waits on "
        "searchOrders' plan)",
    )
    parser.add_argument(
        "--only",
        choices=["extraction", "latency"],
        help="measure only this part (and the machine's speed first); test runs",
    )
    parser.add_argument(
        "--no-docs",
        action="store_true",
        help=f"do not write docs/{page.PAGE} and docs/{page.PLOT} (test runs)",
    )
    parser.add_argument("--latency-orders", type=int, default=20, help="orders per mode of the latency bench")
    parser.add_argument(
        "--latency-spread-minutes",
        type=float,
        default=5.0,
        help="the latency bench's orders come over this long (the poll's interval: every phase of it)",
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    started = time.perf_counter()
    figures: dict = {"date": datetime.now(UTC).isoformat(timespec="seconds")}
    url = bench_database()
    OUT.mkdir(parents=True, exist_ok=True)
    figures["machine"] = machine_figures(url)
    if args.only is None:
        figures["sizes"] = [size_figures(url, n, args.per_order_up_to) for n in sizes]
        per_order_speedups(figures["sizes"])
        figures["stores_in_parallel"] = [stores_in_parallel(url, n) for n in sizes if n >= 100_000]
        figures["three_stocks"] = [stocks_figures(url, n) for n in sizes if n == 100_000]
        figures["steady_state"] = steady_state(url, sizes[-1])
    if args.only != "latency":
        figures["extraction"] = extraction_figures(url, args.extract_orders, args.extract_orders_v2026)
    if args.only in (None, "latency"):
        figures["latency"] = latency_figures(url, args.latency_orders, args.latency_spread_minutes)
    figures["elapsed_seconds"] = time.perf_counter() - started
    (OUT / "figures.json").write_text(json.dumps(figures, indent=2))
    plotted = OUT / "throughput.png" if figures.get("sizes") else None
    if plotted is not None:
        plot(figures["sizes"], figures["stores_in_parallel"], plotted)
    print(f"figures: {OUT / 'figures.json'}" + (f"; plot: {plotted}" if plotted else ""))
    if not args.no_docs:
        written = page.write(figures, plotted)
        print("docs page: " + "; ".join(str(path) for path in written))


if __name__ == "__main__":
    main()
