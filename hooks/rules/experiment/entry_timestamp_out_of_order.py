"""An entry's timestamp is earlier than the entry before it.

What it does:
    Walks the entries of a design-experiment.log in file order and reports an entry whose
    timestamp precedes the previous entry's (equal timestamps are fine). Entries with an
    unreadable timestamp are skipped (RL401 reports them).

Why it matters:
    The log is the record of what was done, in order, while planning
    (design-experiment-logging.md, "Purpose": debugging, reproducibility, auditing). Time
    going backwards means entries were pasted, edited or written from memory afterwards.

Example:
    ``[2025-10-22 14:24:30] CALCULATE_TIME: ...`` followed by
    ``[2025-10-22 14:24:01] SEARCH_PRIOR_RUNS: ...``.

How to fix:
    Put the entries in the order they happened, or correct the mistyped timestamp.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from hooks.finding import Severity
from hooks.rules.base import Context, Problem, Rule
from hooks.structured import StructuredModel
from hooks.structured.textlog import TIMESTAMP_FORMAT, TextLog


def check(log: StructuredModel, ctx: Context) -> Iterator[Problem]:
    """Yield one problem per entry earlier than the latest timestamp seen before it."""
    if not isinstance(log, TextLog):
        return
    latest: dt.datetime | None = None
    latest_line = 0
    for entry in log.entries:
        if entry.when is None:
            continue
        if latest is not None and entry.when < latest:
            yield Problem(
                entry.line,
                f"entry at {entry.when.strftime(TIMESTAMP_FORMAT)} is earlier than the entry on line {latest_line} ({latest.strftime(TIMESTAMP_FORMAT)})",
                2,
            )
            continue
        latest, latest_line = entry.when, entry.line


RULE = Rule(
    code="RL403",
    name="entry-timestamp-out-of-order",
    severity=Severity.ERROR,
    doc=__doc__ or "",
    check_records=check,
    kinds=frozenset({"design-experiment"}),
)
