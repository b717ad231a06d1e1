"""A log still says In Progress long after it started: the run was abandoned.

What it does:
    When the header's ``**Status:**`` is ``In Progress`` (run-log-template.md; the kind
    option ``in-progress-statuses`` lists such values), reads the start from the kind's
    ``started-field`` (``Started``), or from the file name's date and time when that field
    is missing or unreadable, and reports the log when it started more than
    ``max-age-hours`` (default 24) before the check. The check knows only the day it runs
    (midnight of that day is "now"), and a start with no time of day counts as the end of
    that day, so a log is never reported early.

Why it matters:
    An agent that crashes or is interrupted leaves its log In Progress. Nothing else marks
    the run as dead: its errors never reach the registry and the dashboard shows it as
    still running.

Example:
    ``**Started:** 2026-01-03`` and ``**Status:** In Progress``, checked a week later.

How to fix:
    Set Status to ``Failed`` (or ``Completed``), fill in Final Status, and log the
    interruption under ``## Errors Encountered``.

Options:
    ``max-age-hours``: hours after the start from which an In Progress log is abandoned.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from hooks.errors import safe
from hooks.finding import Severity
from hooks.model.document import Document, plain
from hooks.rules.base import Context, Problem, Rule
from hooks.rules.consistency.fields import leading_value, moment, named_field, option

DEFAULT_MAX_AGE_HOURS = 24


def _started(doc: Document, ctx: Context) -> dt.datetime | None:
    field = named_field(doc, ctx.kind, option(ctx.kind, "started-field", "Started"))
    found = moment(field.value) if field else None
    if found is None and ctx.kind.filename is not None:
        match = ctx.kind.filename.fullmatch(doc.path.rsplit("/", 1)[-1])
        groups = match.groupdict() if match else {}
        if groups.get("date"):
            found = moment(groups["date"] + (" " + groups["time"].replace("-", ":") if groups.get("time") else ""))
    if found is None:
        return None
    at, has_time = found
    return at if has_time else at + dt.timedelta(days=1)


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Yield one problem for an In Progress log older than ``max-age-hours``."""
    status = named_field(doc, ctx.kind, option(ctx.kind, "status-field", "Status"))
    open_values = ctx.kind.options.get("in-progress-statuses", ["In Progress"])
    if status is None or not isinstance(open_values, list):
        return
    if leading_value(status.value, [str(v) for v in open_values]) is None:
        return
    started = _started(doc, ctx)
    hours = ctx.options.get("max-age-hours", DEFAULT_MAX_AGE_HOURS)
    if started is None or isinstance(hours, bool) or not isinstance(hours, int | float) or hours < 0:
        return
    now = dt.datetime.combine(ctx.today, dt.time())
    age = now - started
    if age > dt.timedelta(hours=hours):
        days = age.days
        ago = f"{days} days" if days >= 2 else f"{int(age.total_seconds() // 3600)} hours"
        yield Problem(
            status.line,
            f"Status is {safe(plain(status.value), 30)!r} but the run started {ago} ago "
            f"(more than {hours} hours): the run looks abandoned",
        )


RULE = Rule(
    code="RL114",
    name="abandoned-in-progress-log",
    severity=Severity.WARNING,
    doc=__doc__ or "",
    check=check,
    options={"max-age-hours": DEFAULT_MAX_AGE_HOURS},
)
