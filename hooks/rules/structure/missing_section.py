"""A section the kind requires is missing.

What it does:
    Looks for each required section of the kind among the headings of level 2 and deeper
    (fenced examples do not count). A repeated section such as ``## Step N: ...`` must
    occur at least once. Each missing section is one finding, on the title line.

Why it matters:
    The run-log template (run-log-template.md "Log Structure") makes ``Errors
    Encountered``, ``Final Status`` and ``Token Usage`` the places where errors, outcomes
    and cost are recorded; the spec calls token usage "REQUIRED for cost tracking". None of
    the 40 real heyreach logs has a Token Usage table.

Example:
    A run log with ``## Steps Taken`` (a table) instead of ``## Step 1: ...`` sections and
    no ``## Token Usage``.

How to fix:
    Add the section as the template writes it; if your team words it differently, add the
    wording to the section's ``pattern`` in your kind configuration.
"""

from __future__ import annotations

from collections.abc import Iterator

from hooks.finding import Severity
from hooks.model.document import Document
from hooks.rules.base import Context, Problem, Rule
from hooks.rules.kind_match import kind_match


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Yield one problem per required section absent from ``doc``."""
    for spec, sections in zip(ctx.kind.sections, kind_match(doc, ctx.kind).by_plain, strict=True):
        if spec.required and not sections:
            yield Problem(doc.title_line, f"missing section '## {spec.title}'")


RULE = Rule(code="RL105", name="missing-section", severity=Severity.ERROR, doc=__doc__ or "", check=check)
