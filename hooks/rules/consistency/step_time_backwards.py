"""A step's time goes backwards, or comes before the log's Started time.

What it does:
    Reads the ``**Time:** HH:MM`` field of every step section (the kind's repeated
    sections, ``## Step N: ...`` for run logs; run-log-template.md "Log Structure") in
    document order, and reports a step whose time is earlier than the step before it, or
    earlier than the time in the header's ``**Started:**``. A drop of 12 hours or more is
    read as the run passing midnight, not as going backwards. Times that are not ``HH:MM``
    are left to ``invalid-field-value``.

Why it matters:
    A run log is a trace: readers and tools rebuild the timeline from the step times. A step
    at 14:05 after one at 14:40, or before a 14:30 start, means a step was pasted in the
    wrong place or the clock was typed by hand, and the trace can no longer be trusted.

Example:
    ``**Started:** 2026-01-07 14:30``, then ``## Step 1: Fetch`` with ``**Time:** 14:32``
    and ``## Step 2: Send`` with ``**Time:** 14:05``.

How to fix:
    Put the steps in the order they happened and correct the typed times.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from hooks.finding import Severity
from hooks.model.document import Document
from hooks.rules.base import Context, Problem, Rule
from hooks.rules.consistency.fields import clock, moment, named_field, option
from hooks.rules.kind_match import kind_match

_HALF_DAY = 12 * 60


def _minutes(at: dt.time) -> int:
    return at.hour * 60 + at.minute


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Yield a problem per step time earlier than the previous step or than Started."""
    repeated = [s for s in ctx.kind.sections if s.repeat]
    if not repeated:
        return
    time_key = option(ctx.kind, "step-time-field", "Time").casefold()
    started_field = named_field(doc, ctx.kind, option(ctx.kind, "started-field", "Started"))
    started = moment(started_field.value) if started_field else None
    previous: tuple[int, str, int] | None = None  # (minutes, as written, line)
    if started is not None and started[1] and started_field is not None:
        previous = (_minutes(started[0].time()), "Started " + started[0].strftime("%H:%M"), started_field.line)
    match = kind_match(doc, ctx.kind)
    steps = {s.line for spec, found in zip(ctx.kind.sections, match.by_plain, strict=True) if spec.repeat for s in found}
    for section in doc.sections:
        if section.line not in steps:
            continue
        found = next((f for f in doc.fields_in(section) if f.key.casefold() == time_key), None)
        at = clock(found.value) if found else None
        if found is None or at is None:
            continue
        now = _minutes(at)
        if previous is not None and 0 < previous[0] - now < _HALF_DAY:
            what = previous[1] if previous[1].startswith("Started") else f"the previous step's {previous[1]}"
            yield Problem(found.line, f"step time {at:%H:%M} is earlier than {what} (line {previous[2]})")
        previous = (now, at.strftime("%H:%M"), found.line)


RULE = Rule(code="RL110", name="step-time-backwards", severity=Severity.ERROR, doc=__doc__ or "", check=check)
