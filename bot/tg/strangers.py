"""How often a stranger (a Telegram user the bot has no row for) hears "ask the owner".

Strangers are not written to the database at all: any number of Telegram accounts can
write to the bot, and none of them may grow a table. This throttle, in the process's
memory, gives each stranger one reply per `every` and all strangers together at most
`budget` replies per minute; it remembers at most `capacity` strangers (the oldest are
forgotten first). With several replicas each keeps its own, so a stranger may hear the
reply once per replica per hour. Users the bot knows (e.g. after a /deny) are throttled
by their row (`repo_users.claim_refusal_reply`).
"""

from __future__ import annotations

from collections import OrderedDict, deque
from datetime import datetime, timedelta

EVERY = timedelta(hours=1)
BUDGET_PER_MINUTE = 20
CAPACITY = 10_000


class StrangerThrottle:
    """Decides whether a stranger gets the refusal text now."""

    def __init__(
        self,
        *,
        every: timedelta = EVERY,
        budget: int = BUDGET_PER_MINUTE,
        capacity: int = CAPACITY,
    ) -> None:
        self._every = every
        self._budget = budget
        self._capacity = capacity
        self._last: OrderedDict[int, datetime] = OrderedDict()
        self._recent: deque[datetime] = deque()
        self._languages: OrderedDict[int, str] = OrderedDict()

    def note_language(self, user_id: int, code: str | None) -> None:
        """Remember the stranger's Telegram language, for the welcome an admin's /allow
        sends them (at most `capacity` strangers, the oldest forgotten first)."""
        if not code:
            return
        self._languages[user_id] = code[:8]
        self._languages.move_to_end(user_id)
        while len(self._languages) > self._capacity:
            self._languages.popitem(last=False)

    def language_of(self, user_id: int) -> str | None:
        """The Telegram language a stranger last wrote with, None when unknown."""
        return self._languages.get(user_id)

    def claim(self, user_id: int, now: datetime) -> bool:
        """True when `user_id` should get the reply now (and it is counted)."""
        last = self._last.get(user_id)
        if last is not None and now - last < self._every:
            return False
        while self._recent and now - self._recent[0] >= timedelta(minutes=1):
            self._recent.popleft()
        if len(self._recent) >= self._budget:
            return False
        self._recent.append(now)
        self._last[user_id] = now
        self._last.move_to_end(user_id)
        while len(self._last) > self._capacity:
            self._last.popitem(last=False)
        return True

    def __len__(self) -> int:
        return len(self._last)
