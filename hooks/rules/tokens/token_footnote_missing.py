"""An Estimated Cost is given without a footnote stating the rates it was computed at.

What it does:
    When the ``## Token Usage`` table has a non-zero Estimated Cost, checks that the section holds
    the ``*Cost calculated at: Input $N/1M, Output $M/1M (Model)*`` footnote of
    run-log-template.md and that the footnote states at least one rate.

Why it matters:
    Without the rates and the model, nobody can check or recompute the cost (RL302, RL304
    and ``runlog fix`` need them), and a price change cannot be applied to old logs.

Example:
    A table ending in ``| Estimated Cost | $0.48 |`` followed directly by ``---``.

How to fix:
    Add the footnote under the table, e.g.
    ``*Cost calculated at: Input $5/1M, Output $25/1M (Claude Opus 4.5)*``.
"""

from __future__ import annotations

from collections.abc import Iterator

from hooks.finding import Severity
from hooks.model.document import Document
from hooks.model.token_usage import usage_of
from hooks.rules.base import Context, Problem, Rule


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Yield a problem when a cost has no footnote, or a footnote without rates."""
    usage = usage_of(doc, ctx.kind.options)
    if usage is None:
        return
    cost = usage.rows.get("cost")
    if cost is None or cost.amount is None or cost.amount.value == 0:
        return
    if usage.footnote is None:
        yield Problem(cost.line, "Estimated Cost is given but no '*Cost calculated at: ...*' footnote states the rates and model")
    elif not usage.footnote.rates:
        yield Problem(usage.footnote.line, "the cost footnote states no rates, e.g. 'Input $5/1M, Output $25/1M'")


RULE = Rule(
    code="RL307",
    name="token-footnote-missing",
    severity=Severity.WARNING,
    doc=__doc__ or "",
    check=check,
    kinds=frozenset({"run-log"}),
)
