"""The kind's sections appear out of their template order.

What it does:
    Takes the sections of the kind that are present and checks that they come in the order
    of the template. Only the first section out of place is reported, not a cascade.

Why it matters:
    Readers and tools expect the trace (steps) first and the outcome (Errors Encountered,
    Final Status, Token Usage) last, as in run-log-template.md.

Example:
    ``## Token Usage`` written before ``## Step 1: Fetch``.

How to fix:
    Move the section to its place in the template.
"""

from __future__ import annotations

from collections.abc import Iterator

from hooks.finding import Severity
from hooks.model.document import Document
from hooks.rules.base import Context, Problem, Rule
from hooks.rules.kind_match import kind_match


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Yield a problem for the first section that comes before one it should follow."""
    seen: list[tuple[int, int, str]] = []  # (template index, line, title)
    first_spec = kind_match(doc, ctx.kind).first_spec
    for section in doc.sections:
        index = first_spec.get(section.line) if section.level >= 2 else None
        if index is not None:
            seen.append((index, section.line, ctx.kind.sections[index].title))
    highest = -1
    highest_title = ""
    for index, line, title in seen:
        if index < highest:
            yield Problem(line, f"section '## {title}' should come before '## {highest_title}'")
            return
        if index > highest:
            highest, highest_title = index, title


RULE = Rule(code="RL106", name="section-order", severity=Severity.WARNING, doc=__doc__ or "", check=check)
