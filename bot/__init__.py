"""Telegram remote control for smart #1, #3 and #5 cars."""

import importlib.util
import os
import sys

# Opt in to PTB's future behaviour now: durations such as `RetryAfter.retry_after` are
# `datetime.timedelta` values (PTB 22.2 deprecates the int form).
os.environ.setdefault("PTB_TIMEDELTA", "1")

# httpcore (under httpx: the cloud client and PTB alike) runs `import sniffio` several times
# per request to learn its event loop; sniffio is no longer installed (anyio 4.16 does not
# need it), and a failed import is not remembered, so each one searched all of sys.path
# again: about a tenth of a fleet poll's CPU. Marked absent, the same ImportError is
# immediate and httpcore takes asyncio, as before.
if "sniffio" not in sys.modules and importlib.util.find_spec("sniffio") is None:
    sys.modules["sniffio"] = None  # type: ignore[assignment]

__version__ = "0.1.0"
