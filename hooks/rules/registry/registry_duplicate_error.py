"""An error registry entry records the same error message as an earlier entry.

What it does:
    Compares the error message of every entry (the first code block after
    ``**Error Message:**``, or after ``### Error`` in ``.learnings/ERRORS.md``) with those of
    the entries registered before it, by id order, and reports an entry whose message is
    identical (whitespace and letter case ignored) to an older entry's.

Why it matters:
    run-log-template.md: "If error matches existing entry: Reference existing ERR-XXX in run
    log. Don't create duplicate." A second entry splits the history of one failure: its
    fix, recurrences and linked logs end up in two places.

Example:
    ERR-003 and ERR-001 both record ``No such tool available:
    mcp__heyreach__get_conversations_v2`` (the heyreach registry).

How to fix:
    Fold the later entry into the earlier one (keep the earlier id, add the later log to
    its Run Log), or reword the message if the two errors really differ.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from hooks.errors import safe
from hooks.finding import Severity
from hooks.kinds.registry_shape import entries_of
from hooks.model.document import Document
from hooks.model.error_registry import error_message
from hooks.rules.base import Context, Problem, Rule


def _id_key(error_id: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", error_id))


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Yield one problem per entry repeating an older entry's error message."""
    messages = []
    for entry in entries_of(doc, ctx.kind):
        found = error_message(doc, entry)
        if found is not None:
            messages.append((_id_key(entry.id), entry, " ".join(found[0].split())))
    messages.sort(key=lambda item: item[0])
    seen: dict[str, str] = {}
    for _, entry, text in messages:
        key = text.casefold()
        if key in seen and seen[key] != entry.id:
            yield Problem(entry.line, f"{entry.id} records the same error message as {seen[key]} ({safe(text, 60)!r})")
        else:
            seen.setdefault(key, entry.id)


RULE = Rule(
    code="RL203",
    name="registry-duplicate-error",
    severity=Severity.WARNING,
    doc=__doc__ or "",
    check=check,
    kinds=frozenset({"error-registry", "learnings-errors"}),
)
