"""A record lacks a required field.

What it does:
    For each record of an episode (each step), reports the required fields of the kind's
    ``record-fields`` that are absent under their name and every synonym. The shipped
    episode kind requires ``tool``, ``action``, ``latency_ms``, ``success`` and
    ``observation`` (episode-log-steps.md, ``ExecutionStep``); ``tokens`` is optional
    (``Option<u32>``). Synonyms seen in real logs (``tokens_used`` for ``tokens``,
    ``result`` for ``observation``) count.

Why it matters:
    Pattern learning reads every field: without ``latency_ms`` a step cannot be timed,
    without ``success`` it cannot be learnt from.

Example:
    ``{"tool": "cargo", "action": "test", "success": false}`` (no latency_ms, no observation).

How to fix:
    Record the field, or declare your name for it as a synonym in your own kind.
"""

from __future__ import annotations

from collections.abc import Iterator

from hooks.finding import Severity
from hooks.parse.json_lines import JsonDocument
from hooks.rules.base import Context, Problem, Rule
from hooks.structured import StructuredModel
from hooks.structured.records import record_options


def check(doc: StructuredModel, ctx: Context) -> Iterator[Problem]:
    """Yield one problem per record listing all of its missing required fields."""
    if not isinstance(doc, JsonDocument):
        return
    options = record_options(ctx.kind)
    required = [spec for spec in options.fields if spec.required]
    for record in doc.records:
        if not hasattr(record.value, "keys"):
            continue
        missing = [spec.name for spec in required if spec.find(record) is None]
        if missing:
            names = ", ".join(repr(m) for m in missing)
            yield Problem(record.line, f"{options.record_name} {record.index + 1} has no {names}")


RULE = Rule(
    code="RL421",
    name="missing-record-field",
    severity=Severity.ERROR,
    doc=__doc__ or "",
    check_records=check,
    kinds=frozenset({"episode", "orchestrator-log"}),
)
