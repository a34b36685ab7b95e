"""`python -m bench [NAME ...]`: run the benchmarks in sequence and print one table each.

Benchmarks print figures; they never fail on a slow machine. A benchmark that breaks prints
its traceback and the runner moves on to the next; the exit status is then 1, so a broken
benchmark (not a slow one) is noticed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import platform
import sys
import time
import traceback
from pathlib import Path

BENCHMARKS = {
    "vs_pysmarthashtag": "bench.bench_vs_pysmarthashtag",
    "startup": "bench.bench_startup",
    "command_overhead": "bench.bench_command_overhead",
    "poller_capacity": "bench.bench_poller_capacity",
    "alert_latency": "bench.bench_alert_latency",
    "cloud_load": "bench.bench_cloud_load",
    "history": "bench.bench_history",
    "replicas": "bench.bench_replicas",
    "workers": "bench.bench_workers",
}


def machine_summary() -> str:
    meminfo = Path("/proc/meminfo").read_text().split()
    total_gib = int(meminfo[meminfo.index("MemTotal:") + 1]) / 1024**2
    return (
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} CPUs (nproc "
        f"{len(os.sched_getaffinity(0))}); {total_gib:.0f} GiB RAM; "
        f"Python {platform.python_version()} "
        f"({platform.machine()}, {platform.system()} {platform.release()})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "names", nargs="*", metavar="NAME", help=f"default: all, in order: {', '.join(BENCHMARKS)}"
    )
    args = parser.parse_args(argv)
    names = args.names or list(BENCHMARKS)
    unknown = [name for name in names if name not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    print(f"# Benchmarks\n\nMachine: {machine_summary()}\n", flush=True)
    started = time.perf_counter()
    broken = []
    for name in names:
        began = time.perf_counter()
        try:
            module = importlib.import_module(BENCHMARKS[name])
            tables = module.run()
        except Exception:  # one broken benchmark must not hide the others
            print(f"## {name}: could not run\n\n```\n{traceback.format_exc()}```\n", flush=True)
            broken.append(name)
            continue
        print(f"## {module.TITLE}\n", flush=True)
        for table in tables:
            print(table.render() + "\n", flush=True)
        print(f"({name} took {time.perf_counter() - began:.1f} s)\n", flush=True)
    print(f"All done in {time.perf_counter() - started:.1f} s.", flush=True)
    if broken:
        print(f"Could not run: {', '.join(broken)}", flush=True)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
