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
from hooks.model.document import Document, plain
from hooks.rules.base import Context, Problem, Rule


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Yield a problem for the first section that comes before one it should follow."""
    seen: list[tuple[int, int, str]] = []  # (template index, line, title)
    for section in doc.sections:
        if section.level < 2:
            continue
        for index, spec in enumerate(ctx.kind.sections):
            if spec.pattern.fullmatch(plain(section.title)):
                seen.append((index, section.line, spec.title))
                break
    highest = -1
    highest_title = ""
    for index, line, title in seen:
        if index < highest:
            yield Problem(line, f"section '## {title}' should come before '## {highest_title}'")
            return
        if index > highest:
            highest, highest_title = index, title


RULE = Rule(code="RL106", name="section-order", severity=Severity.WARNING, doc=__doc__ or "", check=check)
