"""An error registry entry has no severity, or one outside the kind's enumeration.

What it does:
    Checks the field named by the kind's ``severity-field`` option (``Severity`` in the
    spec's registry, ``Priority`` in ``.learnings/ERRORS.md``) against its ``severities``
    option, letter case ignored: CRITICAL, HIGH, MEDIUM, LOW (run-log-template.md, "Error
    Severity Guide"; the self-improving-agent skill's "Priority Guide" uses the same four
    words in lower case).

Why it matters:
    Severity orders the troubleshooting queue. A bracketed placeholder left from the
    template (``[CRITICAL/HIGH/MEDIUM/LOW]``) or a private word ("urgent") drops the entry
    out of every count by severity.

Example:
    ``| **Severity** | [CRITICAL/HIGH/MEDIUM/LOW] |``

How to fix:
    Pick one of the four levels using the severity guide.
"""

from __future__ import annotations

from collections.abc import Iterator

from hooks.errors import safe
from hooks.finding import Severity
from hooks.kinds.registry_shape import entries_of, shape_of
from hooks.model.document import Document, plain
from hooks.rules.base import Context, Problem, Rule


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Yield one problem per entry with a missing or unknown severity."""
    shape = shape_of(ctx.kind)
    known = {s.casefold() for s in shape.severities}
    for entry in entries_of(doc, ctx.kind):
        value = plain(entry.get(shape.severity_field) or "")
        if not value:
            yield Problem(entry.line, f"{entry.id} has no {shape.severity_field}")
        elif value.casefold() not in known:
            yield Problem(
                entry.line_of(shape.severity_field),
                f"{entry.id} has {shape.severity_field} {safe(value, 40)!r}; expected one of: {', '.join(shape.severities)}",
            )


RULE = Rule(
    code="RL207",
    name="registry-invalid-severity",
    severity=Severity.ERROR,
    doc=__doc__ or "",
    check=check,
    kinds=frozenset({"error-registry", "learnings-errors"}),
)
