"""The Smart cloud fixtures in `tests/fixtures/smart/` (their README says where each comes from)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SMART_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "smart"


def smart_fixture(relative: str) -> dict[str, Any]:
    """A fixture by its path below `tests/fixtures/smart/`, e.g. `evcc/<name>.json`."""
    data: dict[str, Any] = json.loads((SMART_FIXTURES / relative).read_text())
    return data
