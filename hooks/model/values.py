"""Value grammars for header fields (the ``format:`` of a kind's field).

Each grammar is a regular expression plus a real-calendar check: ``2026-02-30`` has the
right shape but is not a date. Sources: run-log-template.md (``YYYY-MM-DD HH:MM``, ``HH:MM``,
``Yes/No``), execution-logging-spec.md (ISO 8601 timestamps).
"""

from __future__ import annotations

import datetime as dt
import re

_GRAMMARS = {
    "date": (re.compile(r"\d{4}-\d{2}-\d{2}"), "YYYY-MM-DD"),
    "time": (re.compile(r"\d{2}:\d{2}"), "HH:MM"),
    "datetime-minute": (re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}"), "YYYY-MM-DD HH:MM"),
    "iso8601": (
        re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?"),
        "an ISO 8601 timestamp (YYYY-MM-DDTHH:MM:SSZ)",
    ),
    "integer": (re.compile(r"\d[\d,]*"), "a whole number"),
    "yes-no": (re.compile(r"(?i)(yes|no)\b.*"), "Yes or No"),
}


def parse_datetime(value: str) -> dt.datetime | None:
    """Parse ``YYYY-MM-DD``, ``YYYY-MM-DD HH:MM`` or ISO 8601 into a naive UTC-less datetime.

    Returns ``None`` when the text is not a real calendar date and time.
    """
    text = value.strip()
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            pass
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=None)


def check_value(fmt: str, value: str) -> str | None:
    """Check ``value`` against grammar ``fmt``.

    Returns:
        ``None`` when the value is valid, else what was expected (for the message).
    """
    if fmt == "any":
        return None
    pattern, expected = _GRAMMARS[fmt]
    text = value.strip().strip("*`").strip()
    if not pattern.fullmatch(text):
        return expected
    if fmt in {"date", "datetime-minute", "iso8601"} and parse_datetime(text) is None:
        return f"a real calendar date ({expected})"
    if fmt == "time":
        hours, minutes = text.split(":")
        if int(hours) > 23 or int(minutes) > 59:
            return f"a real time of day ({expected})"
    return None


