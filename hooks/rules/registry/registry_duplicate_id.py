"""Two entries of the error registry carry the same error id.

What it does:
    Reads every entry heading of the error registry (``### ERR-NNN: title``, or
    ``## [ERR-YYYYMMDD-NNN] slug`` for ``.learnings/ERRORS.md``) and reports each entry whose
    id an earlier entry already uses. Templates inside code fences are not entries. An
    entry whose ``ID`` field names another id than its heading is reported too.

Why it matters:
    Logs cite errors by id and the deletion guard keeps logs by id. With two entries for
    one id, a citation is ambiguous and one entry's status hides the other's
    (run-log-template.md: "Assign next ERR-XXX number").

Example:
    ``### ERR-003: MCP Tools Not Exposed`` under "Recently Resolved" and again under
    "Error Log".

How to fix:
    Merge the two entries, or give the later one the next free id and update the logs that
    cite it.
"""

from __future__ import annotations

from collections.abc import Iterator

from hooks.finding import Severity
from hooks.kinds.registry_shape import entries_of
from hooks.model.document import Document, plain
from hooks.rules.base import Context, Problem, Rule


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Yield one problem per repeated id (at the later heading) and per ID field mismatch."""
    first: dict[str, int] = {}
    for entry in entries_of(doc, ctx.kind):
        if entry.id in first:
            yield Problem(entry.line, f"{entry.id} is already used by the entry at line {first[entry.id]}")
        else:
            first[entry.id] = entry.line
        written = plain(entry.get("ID") or "")
        if written and written != entry.id and not written.upper().startswith("ERR-X"):
            yield Problem(entry.line_of("ID"), f"entry {entry.id} has ID field {written!r}")


RULE = Rule(
    code="RL202",
    name="registry-duplicate-id",
    severity=Severity.ERROR,
    doc=__doc__ or "",
    check=check,
    kinds=frozenset({"error-registry", "learnings-errors"}),
)
