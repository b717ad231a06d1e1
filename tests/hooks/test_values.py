"""hooks.model.values.strptime: the fast path gives what datetime.strptime gives."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from hooks.model.values import strptime

FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S")


def _outcome(function: object, text: str, fmt: str) -> object:
    try:
        return function(text, fmt)  # type: ignore[operator]
    except ValueError:
        return ValueError


@given(
    st.from_regex(r"\d{4}-\d{1,2}-\d{1,2}( {1,2}\d{1,2}:\d{1,2}(:\d{1,2})?)?", fullmatch=True),
    st.sampled_from(FORMATS),
)
def test_strptime_agrees_with_the_standard_library(text: str, fmt: str) -> None:
    assert _outcome(strptime, text, fmt) == _outcome(dt.datetime.strptime, text, fmt)


def test_impossible_dates_are_refused_on_the_fast_path() -> None:
    assert _outcome(strptime, "2026-02-30", "%Y-%m-%d") is ValueError
    assert strptime("2026-03-04 09:05", "%Y-%m-%d %H:%M") == dt.datetime(2026, 3, 4, 9, 5)
