"""A section whose body is one value holds something else.

What it does:
    For each section the kind gives a ``value-enum`` (``## Outcome`` with ``[Success |
    Partial | Failed]``, execution-logging-spec.md "Log Format"), reads the first line of
    the section's body and checks that it is one of the values (case-insensitive; emphasis
    ignored). Lines after the first are free text. An empty section is reported too.

Why it matters:
    Pattern extraction ("what keeps breaking?") counts outcomes across logs; an Outcome of
    ``Mostly worked`` or the template's own placeholder ``[Success | Partial | Failed]``
    cannot be counted.

Example:
    ``## Outcome`` followed by ``Success | Partial | Failed`` copied from the template.

How to fix:
    Write exactly one of the values on the first line; put the details on the next lines.
"""

from __future__ import annotations

from collections.abc import Iterator

from hooks.errors import safe
from hooks.finding import Severity
from hooks.model.document import Document, plain
from hooks.rules.base import Context, Problem, Rule
from hooks.rules.kind_match import kind_match


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Yield a problem per value section whose first body line is not an allowed value."""
    for spec, sections in zip(ctx.kind.sections, kind_match(doc, ctx.kind).by_plain, strict=True):
        if not spec.value_enum:
            continue
        allowed = {v.casefold() for v in spec.value_enum}
        for section in sections:
            body = [
                (number, doc.lines[number - 1].strip())
                for number in range(section.line + 1, section.end_line + 1)
                if doc.lines[number - 1].strip() not in {"", "---"} and not doc.in_fence(number)
            ]
            choices = " | ".join(spec.value_enum)
            if not body:
                yield Problem(section.line, f"section '## {spec.title}' is empty (expected one of: {choices})")
            else:
                number, text = body[0]
                value = plain(text.lstrip("-*+ ").strip())
                if value.casefold() not in allowed:
                    yield Problem(number, f"{spec.title} {safe(value, 50)!r} is not one of: {choices}")
            break


RULE = Rule(code="RL115", name="section-value-not-allowed", severity=Severity.ERROR, doc=__doc__ or "", check=check)
