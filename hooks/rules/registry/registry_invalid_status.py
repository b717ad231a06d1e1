"""An error registry entry has no Status, or one outside the kind's enumeration.

What it does:
    Checks each entry's ``Status`` against the kind's ``statuses`` option, letter case
    ignored: OPEN, IN_PROGRESS, RESOLVED, WONTFIX, NEEDS_MANUAL for the spec's registry
    (run-log-template.md, "Error Status Workflow"); pending, in_progress, resolved,
    wont_fix, promoted, promoted_to_skill for ``.learnings/ERRORS.md`` (the
    self-improving-agent skill's "Status Definitions").

Why it matters:
    The status decides whether an error is open, and an open error's run logs must never be
    deleted. A status the tools do not know ("Fixed", "done?") makes the entry neither open
    nor closed: the deletion guard and the counters both go wrong.

Example:
    ``| **Status** | FIXED |``

How to fix:
    Use one of the listed statuses (RESOLVED for a fixed error), or add the status to the
    kind's ``statuses`` option if your team really uses it.
"""

from __future__ import annotations

from collections.abc import Iterator

from hooks.errors import safe
from hooks.finding import Severity
from hooks.kinds.registry_shape import entries_of, shape_of
from hooks.model.document import Document, plain
from hooks.rules.base import Context, Problem, Rule


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Yield one problem per entry with a missing or unknown status."""
    allowed = shape_of(ctx.kind).statuses
    known = {s.casefold() for s in allowed}
    for entry in entries_of(doc, ctx.kind):
        value = plain(entry.get("Status") or "")
        if not value:
            yield Problem(entry.line, f"{entry.id} has no Status")
        elif value.casefold() not in known:
            yield Problem(entry.line_of("Status"), f"{entry.id} has Status {safe(value, 40)!r}; expected one of: {', '.join(allowed)}")


RULE = Rule(
    code="RL206",
    name="registry-invalid-status",
    severity=Severity.ERROR,
    doc=__doc__ or "",
    check=check,
    kinds=frozenset({"error-registry", "learnings-errors"}),
)
