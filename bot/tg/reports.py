"""Admin error reports, throttled and grouped, so no user can flood the admins.

An unexpected exception is grouped by its type and the line of our code it came from. The
first of a group is reported at once; repeats within `window` are only counted, and the next
report of that group (after the window) says how many were left out since when. On top of
that, at most `max_per_window` reports of any kind go out per window. The log keeps every
occurrence (one line each; the traceback with each report).
"""

from __future__ import annotations

import threading
import traceback
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

REPORT_WINDOW = timedelta(minutes=15)
MAX_REPORTS_PER_WINDOW = 5
_OUR_CODE = str(Path(__file__).resolve().parents[1])


def group_key(exc: BaseException) -> str:
    """The exception's type and the innermost frame of our own code it passed through."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if f.filename.startswith(_OUR_CODE)]
    where = ours[-1] if ours else frames[-1] if frames else None
    place = f"{Path(where.filename).name}:{where.lineno}" if where is not None else "?"
    return f"{type(exc).__name__}@{place}"


@dataclass(slots=True)
class _Group:
    last_sent: datetime
    suppressed: int = 0
    suppressed_since: datetime | None = None


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether to send this report, and how many of its group were left out before it."""

    send: bool
    left_out: int = 0
    since: datetime | None = None


@dataclass
class ReportThrottle:
    """Decides, per process, which unexpected errors are reported to the admins."""

    window: timedelta = REPORT_WINDOW
    max_per_window: int = MAX_REPORTS_PER_WINDOW
    _groups: dict[str, _Group] = field(default_factory=dict)
    _sent: list[datetime] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def decide(self, key: str, now: datetime) -> Verdict:
        """Record one occurrence of group `key` at `now`; send it or count it."""
        with self._lock:
            self._sent = [at for at in self._sent if now - at < self.window]
            group = self._groups.get(key)
            recent = group is not None and now - group.last_sent < self.window
            if recent or len(self._sent) >= self.max_per_window:
                if group is None:
                    # Never reported: the first report of this group, once there is room,
                    # counts this one in.
                    group = _Group(last_sent=now - self.window)
                    self._groups[key] = group
                group.suppressed += 1
                group.suppressed_since = group.suppressed_since or now
                return Verdict(send=False)
            left_out = group.suppressed if group is not None else 0
            since = group.suppressed_since if group is not None else None
            self._groups[key] = _Group(last_sent=now)
            self._sent.append(now)
            return Verdict(send=True, left_out=left_out, since=since)
