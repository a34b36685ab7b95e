"""Cloud JSON nested deeper than allowed is refused with a `ValueError`, never a
`RecursionError`; brackets inside strings do not count."""

from __future__ import annotations

import pytest

from bot.smart.jsonsafe import JSONTooDeepError, loads_limited, nesting_depth


def test_depth_counts_arrays_and_objects_but_not_brackets_in_strings() -> None:
    assert nesting_depth('{"a": [1, {"b": "[[[{{{"}]}') == 3
    assert nesting_depth('"\\"[[["') == 0
    assert loads_limited('{"a": "]]]"}') == {"a": "]]]"}


@pytest.mark.parametrize("depth", [65, 1_000, 200_000])
def test_too_deep_documents_are_a_value_error(depth: int) -> None:
    with pytest.raises(JSONTooDeepError):
        loads_limited("[" * depth + "]" * depth)
    with pytest.raises(ValueError, match="nested"):
        loads_limited(b'{"a":' * depth + b"1" + b"}" * depth)


def test_bytes_that_are_not_utf8_are_a_value_error() -> None:
    with pytest.raises(UnicodeDecodeError):
        loads_limited(b"\xff\xfe{}")


def test_an_escaped_backslash_before_a_quote_ends_the_string_so_later_brackets_count() -> None:
    assert nesting_depth('["a\\\\", [[1]]]') == 3
    assert nesting_depth('["a\\\\\\"[[["]') == 1
    assert loads_limited('{"k": "\\u00e4 ]", "l": [["x"]]}') == {"k": "ä ]", "l": [["x"]]}
