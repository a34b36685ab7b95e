"""Callback data: versioned, at most 64 bytes, and nothing foreign decodes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.tg.keyboards import MAX_CALLBACK_BYTES, Callback, Op, decode, encode


def test_every_op_round_trips() -> None:
    for op in Op:
        data = encode(op, "AbC-12_x")
        assert decode(data) == Callback(op, "AbC-12_x")
        assert len(data.encode()) <= MAX_CALLBACK_BYTES


def test_a_pending_action_id_fits() -> None:
    assert decode(encode(Op.CONFIRM, "A" * 16)) == Callback(Op.CONFIRM, "A" * 16)


def test_arguments_that_would_break_the_format_are_refused() -> None:
    for bad in ("", "a:b", "x" * 60, "ä", "a b"):
        with pytest.raises(ValueError, match="callback data"):
            encode(Op.LOCK, bad)


@given(st.text(max_size=80))
def test_random_data_never_crashes_and_never_decodes_to_an_unknown_op(data: str) -> None:
    decoded = decode(data)
    if decoded is not None:
        assert data.startswith("v1:")
        assert decoded.op in Op


def test_row_ids_are_only_read_from_digits() -> None:
    assert Callback(Op.LOCK, "42").int_arg == 42
    assert Callback(Op.LOCK, "4x2").int_arg is None
    assert Callback(Op.LOCK, "9" * 30).int_arg is None
