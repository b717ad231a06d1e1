"""Helpers shared by the consistency rules (RL110-RL115): reading a kind's named fields.

The rules find their fields through the kind's options, so a team that renames a field (or
a kind that calls it ``Timestamp``) needs no code: ``started-field`` (default ``Started``),
``status-field`` (``Status``), ``completed-field`` (``Completed``, inside
``completed-section``, default ``Final Status``), ``step-time-field`` (``Time``). Sources:
run-log-template.md "Log Structure"; execution-logging-spec.md "Log Format".
"""

from __future__ import annotations

import datetime as dt
import re

from hooks.kinds.kind import FieldSpec, Kind
from hooks.model.document import Document, Field, plain
from hooks.rules.structure.missing_field import field_pool, find_field

_CLOCK = re.compile(r"^[~≈]?\s*(?P<h>\d{1,2}):(?P<m>\d{2})\b")


def option(kind: Kind, key: str, default: str) -> str:
    """The kind option ``key`` as text, or ``default``."""
    value = kind.options.get(key, default)
    return str(value) if value is not None else default


def spec_for(kind: Kind, name: str) -> FieldSpec:
    """The kind's header field spec called ``name`` (or a header spec with just that name)."""
    wanted = name.casefold()
    found = next((f for f in kind.fields if wanted in f.keys()), None)  # noqa: SIM118 - FieldSpec.keys
    return found or FieldSpec(name=name)


def named_field(doc: Document, kind: Kind, name: str) -> Field | None:
    """The field the kind calls ``name`` (synonyms and its ``section`` honoured), or ``None``."""
    spec = spec_for(kind, name)
    pool = field_pool(doc, spec)
    return find_field(doc, spec, pool) if pool is not None else None


def leading_value(value: str, choices: list[str] | tuple[str, ...]) -> str | None:
    """The choice ``value`` starts with as a whole word (case-insensitive), or ``None``.

    ``Completed (14 messages sent)`` and ``FAILED - MCP_ERROR`` lead with ``Completed`` and
    ``Failed``; ``RESOLVED`` leads with none of In Progress / Completed / Failed.
    """
    text = plain(value).casefold()
    for choice in sorted(choices, key=len, reverse=True):
        folded = choice.casefold()
        if text == folded or (text.startswith(folded) and not text[len(folded)].isalnum()):
            return choice
    return None


def clock(value: str) -> dt.time | None:
    """A leading ``HH:MM`` (``~15:20 UTC`` allowed) as a time of day, or ``None``."""
    match = _CLOCK.match(plain(value))
    if not match:
        return None
    hours, minutes = int(match.group("h")), int(match.group("m"))
    if hours > 23 or minutes > 59:
        return None
    return dt.time(hours, minutes)


def moment(value: str) -> tuple[dt.datetime, bool] | None:
    """``YYYY-MM-DD[ HH:MM]`` or ISO 8601 (``~`` and a trailing zone word allowed).

    Returns:
        (naive datetime, whether a time of day was given), or ``None`` when not a date.
    """
    text = plain(value).replace("~", "")
    match = re.match(r"^(\d{4}-\d{2}-\d{2})(?:[ T]+(\d{1,2}:\d{2})(?::(\d{2}))?)?", text)
    if not match:
        return None
    try:
        day = dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None
    if match.group(2) is None:
        return dt.datetime.combine(day, dt.time()), False
    at = clock(match.group(2))
    if at is None:
        return None
    return dt.datetime.combine(day, at), True
