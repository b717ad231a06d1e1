"""A record's timestamp is earlier than the record before it.

What it does:
    When the kind names an ``order-field`` (``timestamp`` for episode steps and orchestrator
    records), reports a record whose ISO 8601 value precedes the latest one before it.
    Values that are not ISO 8601 are skipped (RL422 reports them when the field is typed).
    Timestamps with and without a UTC offset are compared as written, offset dropped.

Why it matters:
    Steps are logged as they happen (episode-log-steps.md, "When to Log Steps"); a step
    that goes back in time was reordered, merged from another episode or hand-edited, and
    latency learnt from the sequence is wrong.

Example:
    Step 4 at ``2026-04-16T10:03:00+00:00`` followed by step 5 at ``2026-04-16T10:01:00+00:00``.

How to fix:
    Put the records in the order they happened, or correct the timestamp.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from hooks.finding import Severity
from hooks.model.values import check_value, parse_datetime
from hooks.parse.json_lines import JsonDocument
from hooks.rules.base import Context, Problem, Rule
from hooks.structured import StructuredModel
from hooks.structured.records import record_options


def check(doc: StructuredModel, ctx: Context) -> Iterator[Problem]:
    """Yield one problem per record earlier than the latest before it."""
    if not isinstance(doc, JsonDocument):
        return
    options = record_options(ctx.kind)
    name = options.order_field
    if name is None:
        return
    latest: tuple[dt.datetime, str, int] | None = None
    for record in doc.records:
        value = record.fields.get(name)
        if not isinstance(value, str) or check_value("iso8601", value) is not None:
            continue
        when = parse_datetime(value)
        if when is None:
            continue
        if latest is not None and when < latest[0]:
            yield Problem(
                record.line_of(name),
                f"{options.record_name} {record.index + 1} {name} {value} is earlier than {options.record_name} {latest[2]} ({latest[1]})",
            )
            continue
        latest = (when, value, record.index + 1)


RULE = Rule(
    code="RL424",
    name="record-timestamp-out-of-order",
    severity=Severity.ERROR,
    doc=__doc__ or "",
    check_records=check,
    kinds=frozenset({"episode", "orchestrator-log"}),
)
