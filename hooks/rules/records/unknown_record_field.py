"""A record carries a field its kind does not declare.

What it does:
    Reports, once per field name and file, a record field that is neither declared in the
    kind's ``record-fields`` (under its name or a synonym) nor listed in ``extra-fields``.
    Kinds with ``allow-unknown-fields: true`` skip this rule. The shipped episode kind lists
    ``timestamp`` as an extra field (real episodes carry it though the spec's
    ``ExecutionStep`` does not).

Why it matters:
    ``ExecutionStep`` (episode-log-steps.md) has six fields; a seventh is usually a typo
    (``latncy_ms``) whose value is silently dropped by the reader, while the real field is
    reported missing.

Example:
    ``{"tool": "cargo", ..., "latncy_ms": 12500}``.

How to fix:
    Rename the field, or declare it in your own kind (``extra-fields``, or a synonym).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from hooks.errors import safe
from hooks.finding import Severity
from hooks.parse.json_lines import JsonDocument
from hooks.rules.base import Context, Problem, Rule
from hooks.structured import StructuredModel
from hooks.structured.records import record_options


def check(doc: StructuredModel, ctx: Context) -> Iterator[Problem]:
    """Yield one problem per undeclared field name, at its first occurrence."""
    if not isinstance(doc, JsonDocument):
        return
    options = record_options(ctx.kind)
    if options.allow_unknown or not options.fields:
        return
    known = options.known()
    seen: set[str] = set()
    for record in doc.records:
        for key in record.fields:
            if key in known or key in seen:
                continue
            seen.add(key)
            close = difflib.get_close_matches(key, sorted(known), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            yield Problem(record.line_of(key), f"{options.record_name} {record.index + 1} has undeclared field {safe(key, 40)!r}{hint}")


RULE = Rule(
    code="RL425",
    name="unknown-record-field",
    severity=Severity.WARNING,
    doc=__doc__ or "",
    check_records=check,
    kinds=frozenset({"episode", "orchestrator-log"}),
)
