"""The error registry's counters disagree with its entries.

What it does:
    Reads the header counters written before the first entry (``> Active Errors: N |
    Resolved: M``) and the ``Statistics`` table if there is one (``Total Errors Logged``,
    ``Open``, ``In Progress``, ``Resolved``, ``Needs Manual``...), and compares each figure
    with the entries: Active counts entries whose status is open (``open-statuses``:
    OPEN, IN_PROGRESS), Resolved those in ``resolved-statuses``, Total every entry, and a
    row named after a status the entries with that status.

Why it matters:
    The header is what a reader and ``/troubleshoot`` look at first. A stale "Active
    Errors: 0" hides an open error whose run logs must not be deleted (run-log-template.md,
    Retention).

Example:
    ``> Active Errors: 0 | Resolved: 9`` above an entry with ``| **Status** | OPEN |``.

How to fix:
    Update the counters (and the Statistics table) whenever an entry is added or changes
    status.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from hooks.finding import Severity
from hooks.kinds.registry_shape import entries_of, shape_of
from hooks.model.document import Document, plain
from hooks.model.error_registry import header_counters, section_titled
from hooks.rules.base import Context, Problem, Rule

_STATISTICS = re.compile(r"statistics", re.I)


def _key(text: str) -> str:
    return re.sub(r"[\s_-]+", "", plain(text)).casefold()


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Yield one problem per counter or Statistics row whose figure differs from the entries."""
    shape = shape_of(ctx.kind)
    entries = entries_of(doc, ctx.kind)
    statuses = [e.status for e in entries]
    opened = {s.upper() for s in shape.open_statuses}
    resolved = {s.upper() for s in shape.resolved_statuses}
    expected = {
        "activeerrors": sum(1 for s in statuses if s in opened),
        "active": sum(1 for s in statuses if s in opened),
        "resolved": sum(1 for s in statuses if s in resolved),
        "total": len(entries),
        "totalerrors": len(entries),
        "totalerrorslogged": len(entries),
    }
    for status in shape.statuses:
        expected.setdefault(_key(status), sum(1 for s in statuses if s == status.upper()))
    for counter in header_counters(doc, entries):
        want = expected.get(_key(counter.name))
        if want is not None and want != counter.value:
            yield Problem(counter.line, f"header says '{counter.name}: {counter.value}' but the registry has {want}")
    statistics = section_titled(doc, _STATISTICS)
    if statistics is None:
        return
    for table in doc.tables_in(statistics):
        if table.column("Metric") is None or table.column("Value") is None:
            continue
        metric, value = table.column("Metric") or 0, table.column("Value") or 0
        for row in table.rows:
            if max(metric, value) >= len(row.cells):
                continue
            want = expected.get(_key(row.cells[metric]))
            written = plain(row.cells[value]).replace(",", "")
            if want is not None and written.isdigit() and int(written) != want:
                yield Problem(row.line, f"Statistics says '{plain(row.cells[metric])}: {written}' but the registry has {want}")


RULE = Rule(
    code="RL205",
    name="registry-counter-mismatch",
    severity=Severity.ERROR,
    doc=__doc__ or "",
    check=check,
    kinds=frozenset({"error-registry", "learnings-errors"}),
)
