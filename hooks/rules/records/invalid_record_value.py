"""A record field holds a value of the wrong type or out of range.

What it does:
    Checks each field a record carries against its declared type in the kind's
    ``record-fields``: for episode steps (episode-log-steps.md) ``latency_ms`` is a
    non-negative whole number (``u64``), ``tokens`` a non-negative whole number up to
    4,294,967,295 (``u32``) or null, ``success`` true or false (not ``"true"``), and
    ``tool``, ``action``, ``observation`` non-empty strings. Types: string,
    non-empty-string, integer, non-negative-integer, number, boolean, iso8601, list, object.

Why it matters:
    The Rust reader (``ExecutionStep``) rejects the whole episode when one field has the
    wrong type, and a negative latency or a ``"yes"`` success poisons the statistics learnt
    from the steps.

Example:
    ``"latency_ms": -40`` or ``"success": "true"``.

How to fix:
    Write the value with the declared type: ``"latency_ms": 40``, ``"success": true``.
"""

from __future__ import annotations

from collections.abc import Iterator

from hooks.errors import safe
from hooks.finding import Severity
from hooks.parse.json_lines import JsonDocument
from hooks.rules.base import Context, Problem, Rule
from hooks.structured import StructuredModel
from hooks.structured.records import record_options


def check(doc: StructuredModel, ctx: Context) -> Iterator[Problem]:
    """Yield one problem per field whose value does not fit its declared type."""
    if not isinstance(doc, JsonDocument):
        return
    options = record_options(ctx.kind)
    for record in doc.records:
        for spec in options.fields:
            found = spec.find(record)
            if found is None:
                continue
            key, value = found
            expected = spec.problem(value)
            if expected is not None:
                shown = safe(repr(value) if not isinstance(value, (dict, tuple)) else type(value).__name__, 40)
                yield Problem(record.line_of(key), f"{options.record_name} {record.index + 1}: {key} is {shown}, expected {expected}")


RULE = Rule(
    code="RL422",
    name="invalid-record-value",
    severity=Severity.ERROR,
    doc=__doc__ or "",
    check_records=check,
    kinds=frozenset({"episode", "orchestrator-log"}),
)
