"""The log has no H1 title, or the title does not follow the template.

What it does:
    Checks that the first heading is a level-1 title and that it matches the kind's title
    pattern (for run logs ``# Run Log: [Mode Name]``, run-log-template.md "Log Structure").

Why it matters:
    The title is what the site lists and what search shows. In the real heyreach folder
    23 of 40 titles differ from the template (``# HeyReach Process Run Log``), so logs of
    one mode cannot be told apart at a glance.

Example:
    ``# HeyReach Processing Run Log`` instead of ``# Run Log: Process All``.

How to fix:
    Write the title as the template does, or describe your team's title in the kind's
    ``title`` pattern.
"""

from __future__ import annotations

from collections.abc import Iterator

from hooks.errors import safe
from hooks.finding import Severity
from hooks.model.document import Document, plain
from hooks.rules.base import Context, Problem, Rule


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Yield a problem for a missing H1 or one that does not match the kind's pattern."""
    pattern = ctx.kind.title
    if pattern is None:
        return
    example = f" (expected {ctx.kind.title_example})" if ctx.kind.title_example else ""
    if doc.title is None:
        yield Problem(1, f"no H1 title{example}")
        return
    if not pattern.fullmatch(plain(doc.title)):
        yield Problem(doc.title_line, f"title {safe(doc.title, 60)!r} does not follow the template{example}")


RULE = Rule(code="RL102", name="title-mismatch", severity=Severity.ERROR, doc=__doc__ or "", check=check)
