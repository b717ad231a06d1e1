"""A JSON log holds no records in a shape its kind accepts.

What it does:
    Checks that an episode file is one of the shapes episode-log-steps.md allows: a JSON
    array of steps, an object holding the steps array under one of the kind's
    ``containers`` keys (``steps``), or JSON lines; and that it holds at least one record.
    Also reports a record that is not a JSON object.

Why it matters:
    An episode with no steps teaches the memory nothing ("Record individual execution steps
    to build a complete picture of task execution"). A file matched as an episode that has
    some other shape is usually a different kind of file in the wrong folder.

Example:
    ``{"episode_id": "ep-7", "outcome": "success"}`` with no ``steps``.

How to fix:
    Record the steps, move the file out of the episode folders, or name the key that holds
    your records in your own kind's ``containers`` option.
"""

from __future__ import annotations

from collections.abc import Iterator

from hooks.finding import Severity
from hooks.parse.json_lines import JsonDocument
from hooks.rules.base import Context, Problem, Rule
from hooks.structured import StructuredModel
from hooks.structured.records import record_options


def check(doc: StructuredModel, ctx: Context) -> Iterator[Problem]:
    """Yield a problem for an unaccepted shape, an empty record list, or a non-object record."""
    if not isinstance(doc, JsonDocument) or doc.errors and not doc.records:
        return
    options = record_options(ctx.kind)
    name = options.record_name
    if doc.shape == "object":
        keys = " or ".join(repr(c) for c in options.containers) or "(none configured)"
        yield Problem(1, f"JSON object has no {name} array under {keys}")
        return
    if doc.shape == "scalar":
        yield Problem(1, f"JSON document is a bare value, not a list of {name}s")
        return
    if not doc.records:
        where = f" under {doc.container!r}" if doc.container else ""
        yield Problem(doc.line_of(doc.container) if doc.container else 1, f"no {name}s{where}")
        return
    for record in doc.records:
        if not hasattr(record.value, "keys"):
            yield Problem(record.line, f"{name} {record.index + 1} is not a JSON object")


RULE = Rule(
    code="RL423",
    name="missing-records",
    severity=Severity.ERROR,
    doc=__doc__ or "",
    check_records=check,
    kinds=frozenset({"episode", "orchestrator-log"}),
)
