"""Command arguments: anything a user types either parses into valid client arguments or
becomes a precise usage reply; nothing else can happen."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.commands.actions import ACTIONS
from bot.smart.commands import prepare_args
from bot.tg.errors import UserFacingError
from bot.tg.parsing import PARSERS, Parsed

WORDS = st.sampled_from(
    [
        "on",
        "off",
        "22",
        "22.5",
        "45",
        "abc",
        "limit",
        "80",
        "42",
        "driver",
        "wheel",
        "3",
        "9",
        "open",
        "close",
        "vent",
        "lock",
        "unlock",
        "start",
        "stop",
        "-1",
        "nan",
        "1e9",
        "B-SM",
        "",
    ]
)


@given(st.sampled_from(sorted(PARSERS)), st.lists(WORDS | st.text(max_size=12), max_size=5))
def test_any_arguments_parse_to_valid_client_arguments_or_a_usage_reply(
    command: str, args: list[str]
) -> None:
    try:
        parsed = PARSERS[command](args)
    except UserFacingError as err:
        key = err.key
        parsed = None
    else:
        key = ""
    if parsed is None:
        assert key.startswith("usage.")
        return
    action = ACTIONS[parsed.action]
    prepare_args(action.client_action, **parsed.params)  # the client accepts them


def test_the_car_is_whatever_follows_the_arguments() -> None:
    assert PARSERS["climate"](["22", "10", "B-SM", "505"]) == Parsed(
        "climate_on", {"temp_c": 22.0, "minutes": 10}, "B-SM 505"
    )
    assert PARSERS["lock"](["Blue", "#1"]) == Parsed("lock", {}, "Blue #1")
    assert PARSERS["charge"](["limit", "80%"]).params == {"percent": 80}
    assert PARSERS["climate"](["22,5"]).params == {"temp_c": 22.5}
