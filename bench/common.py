"""Shared pieces of the benchmarks: result tables, percentiles, timing loops, child processes.

A benchmark module exposes `TITLE` and `run() -> list[Table]`. Measurements that need the
"bot process" on its own (peak memory, start-up) run in a child interpreter started with
`python -m bench.<module> --child ...`; the child prints one JSON line as its last output.
"""

from __future__ import annotations

import json
import math
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
# The Smart cloud fixtures the tests use (copies with their provenance, see their README).
FIXTURES = REPO_ROOT / "tests" / "fixtures" / "smart"


@dataclass
class Table:
    """One small result table: a title, column names, rows and free-text notes."""

    title: str
    columns: Sequence[str]
    rows: list[Sequence[object]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, *row: object) -> None:
        self.rows.append(row)

    def render(self) -> str:
        """Markdown-style table: readable in a terminal and pasteable into BENCHMARKS.md."""
        cells = [[_fmt(value) for value in row] for row in self.rows]
        widths = [len(name) for name in self.columns]
        for row in cells:
            for index, text in enumerate(row):
                widths[index] = max(widths[index], len(text))

        def line(values: Sequence[str]) -> str:
            return "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + " |"

        out = [f"### {self.title}", "", line(list(self.columns))]
        out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        out.extend(line(row) for row in cells)
        if self.notes:
            out.append("")
            out.extend(f"- {note}" for note in self.notes)
        return "\n".join(out)


def _fmt(value: object) -> str:
    if isinstance(value, float):
        if value == 0 or math.isnan(value):
            return f"{value:g}"
        magnitude = abs(value)
        if magnitude >= 100:
            return f"{value:,.0f}"
        if magnitude >= 10:
            return f"{value:.1f}"
        if magnitude >= 0.01:
            return f"{value:.2f}"
        return f"{value:.3g}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100), linear interpolation between closest ranks."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def best_per_call(func: Callable[[], object], *, number: int, repeat: int) -> float:
    """timeit-style: the fastest of `repeat` batches of `number` calls, in seconds per call."""
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            func()
        best = min(best, time.perf_counter() - start)
    return best / number


def side_by_side(
    ours: Callable[[], object], theirs: Callable[[], object], *, number: int, repeat: int
) -> tuple[float, float]:
    """Interleave batches of both so that machine noise hits both alike; best of each."""
    best_ours = best_theirs = math.inf
    for index in range(repeat):
        pair = (
            ((ours, True), (theirs, False)) if index % 2 == 0 else ((theirs, False), (ours, True))
        )
        for func, is_ours in pair:
            took = best_per_call(func, number=number, repeat=1)
            if is_ours:
                best_ours = min(best_ours, took)
            else:
                best_theirs = min(best_theirs, took)
    return best_ours, best_theirs


def own_peak_rss_mb() -> float:
    """Peak resident set size of this process (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    """Current resident set size of this process, from /proc."""
    for text in Path("/proc/self/status").read_text().splitlines():
        if text.startswith("VmRSS:"):
            return int(text.split()[1]) / 1024
    return math.nan


def cpu_seconds() -> float:
    """User + system CPU time of this process so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def proc_cpu_by_pid(*, pid: int | None = None, command: str | None = None) -> dict[int, float]:
    """CPU seconds (user + system) so far of one process, or of every process named
    `command` (e.g. "postgres"), by pid, read from Linux's /proc (empty without /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    proc = Path("/proc")
    paths = [proc / str(pid) / "stat"] if pid is not None else list(proc.glob("[0-9]*/stat"))
    found: dict[int, float] = {}
    for path in paths:
        try:
            text = path.read_text()
        except OSError:  # the process ended meanwhile
            continue
        name, fields = text[text.index("(") + 1 : text.rindex(")")], text[text.rindex(")") + 2 :]
        if command is not None and name != command:
            continue
        parts = fields.split()
        found[int(path.parent.name)] = (int(parts[11]) + int(parts[12])) / ticks  # utime, stime
    return found


def proc_cpu_seconds(*, pid: int | None = None, command: str | None = None) -> float | None:
    """The sum of `proc_cpu_by_pid`; None when no such process is running."""
    found = proc_cpu_by_pid(pid=pid, command=command)
    return sum(found.values()) if found else None


def machine_cpu_seconds() -> tuple[float, float] | None:
    """(busy, all) CPU seconds of the whole machine since boot, from /proc/stat."""
    try:
        first = Path("/proc/stat").read_text().splitlines()[0].split()
    except OSError:
        return None
    values = [int(v) for v in first[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    ticks = os.sysconf("SC_CLK_TCK")
    return (sum(values) - idle) / ticks, sum(values) / ticks


class CpuWatch:
    """CPU of the simulator, of PostgreSQL's processes and of the whole machine over the run.

    A PostgreSQL backend ends with its connection (before the replicas' end is seen), so its
    CPU is sampled while it runs: the last reading of each backend counts."""

    def __init__(self, sim_pid: int) -> None:
        self._sim_pid = sim_pid
        self._sim = proc_cpu_seconds(pid=sim_pid) or 0.0
        self._pg_before = proc_cpu_by_pid(command="postgres")
        self._pg_last = dict(self._pg_before)
        self._machine = machine_cpu_seconds()

    def sample(self) -> None:
        self._pg_last.update(proc_cpu_by_pid(command="postgres"))

    def spent(self) -> dict[str, float | None]:
        self.sample()
        machine = machine_cpu_seconds()
        sim = proc_cpu_seconds(pid=self._sim_pid)
        pg = sum(cpu - self._pg_before.get(pid, 0.0) for pid, cpu in self._pg_last.items())
        busy = all_ = None
        if machine and self._machine:
            busy, all_ = machine[0] - self._machine[0], machine[1] - self._machine[1]
        return {
            "simulator": None if sim is None else sim - self._sim,
            "postgres": pg if self._pg_last else None,
            "machine_busy": busy,
            "machine_all": all_,
        }


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO_ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def run_child(module: str, *args: str, timeout: float = 300, **env: str) -> dict[str, Any]:
    """Run `python -m bench.<module> --child args...`; its last stdout line is JSON.

    The child adds its own peak RSS (`peak_rss_mb`, from getrusage in the child, so it is the
    child process alone, not the benchmark runner).
    """
    proc = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", f"bench.{module}", "--child", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=child_env(**env),
        cwd=REPO_ROOT,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise
    if proc.returncode != 0:
        message = f"bench.{module} child failed ({proc.returncode}):\n{err.decode()[-3000:]}"
        raise RuntimeError(message)
    lines = [text for text in out.decode().splitlines() if text.strip()]
    return dict(json.loads(lines[-1]))


def emit_child_result(result: dict[str, Any]) -> None:
    """The child's last line: its result plus its own peak RSS."""
    result.setdefault("peak_rss_mb", own_peak_rss_mb())
    print(json.dumps(result), flush=True)


def load_json(path: Path) -> Any:
    return json.loads(path.read_text())
