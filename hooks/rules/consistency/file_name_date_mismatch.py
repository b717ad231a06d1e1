"""The date or time in the file name differs from the log's Started.

What it does:
    When the file name follows the kind's convention, compares its date (and its time, when
    the name has one: ``YYYY-MM-DD_HH-MM_mode-N.md``, run-log-template.md "File Naming
    Convention") with the field the kind names in its ``started-field`` option:
    ``Started`` for run logs, the Session Info ``Date`` for session summaries, the
    ``Timestamp`` for execution and exception logs (execution-logging-spec.md). When the
    field gives only a date, only dates are compared. Names that break the convention are
    left to ``file-name-convention``.

Why it matters:
    Logs are found, sorted and pruned by name (retention: "keep run logs for 30 days"); a
    log named for 14:41 that started at 16:03 is filed under the wrong run, and registry
    links to it point at the wrong context.

Example:
    ``run-logs/2026-01-03_16-00_review-tagged-1.md`` with ``**Started:** 2026-01-03 16:30``.

How to fix:
    Rename the file to the start time (and update registry links), or correct Started.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from hooks.errors import safe
from hooks.finding import Severity
from hooks.model.document import Document, plain
from hooks.rules.base import Context, Problem, Rule
from hooks.rules.consistency.fields import moment, named_field, option


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Yield one problem when the name's date or time differs from the started field."""
    pattern = ctx.kind.filename
    if pattern is None:
        return
    match = pattern.fullmatch(doc.path.rsplit("/", 1)[-1])
    if match is None or not match.groupdict().get("date"):
        return
    try:
        named_day = dt.date.fromisoformat(match.group("date"))
    except ValueError:
        return  # an impossible date is file-name-convention's finding
    started_name = option(ctx.kind, "started-field", "Started")
    started_field = named_field(doc, ctx.kind, started_name)
    started = moment(started_field.value) if started_field else None
    if started_field is None or started is None:
        return
    at, has_time = started
    named_time = match.groupdict().get("time")
    name_stamp = named_day.isoformat() + (" " + named_time.replace("-", ":") if named_time else "")
    time_differs = bool(named_time) and has_time and at.strftime("%H-%M") != str(named_time).replace(":", "-")
    if at.date() != named_day or time_differs:
        yield Problem(started_field.line, f"file name says {name_stamp} but {started_field.key} is {safe(plain(started_field.value), 40)}")


RULE = Rule(code="RL112", name="file-name-date-mismatch", severity=Severity.ERROR, doc=__doc__ or "", check=check)
