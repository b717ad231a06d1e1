"""The Estimated Cost is written with other decimals than the log declares.

What it does:
    Compares the number of decimals of the Estimated Cost cell with the declared rounding:
    the footnote's "rounded to N decimals" (or "to the nearest cent"), else the ``decimals``
    option, two by default (``$X.XX`` in run-log-template.md).

Why it matters:
    Costs written with mixed precision ($0.5, $0.4823, $3) do not line up in reports and
    hide whether a figure was rounded, truncated or typed by hand. RL302 checks the value;
    this rule checks the form.

Example:
    ``| Estimated Cost | $0.4823 |`` in a log that declares no rounding.

How to fix:
    Write the cost rounded half up to the declared decimals (``$0.48``), or declare the
    precision you use in the footnote ("..., rounded to 4 decimals").
"""

from __future__ import annotations

from collections.abc import Iterator

from hooks.errors import safe
from hooks.finding import Severity
from hooks.model.document import Document
from hooks.model.token_usage import declared_decimals, usage_of
from hooks.rules.base import Context, Problem, Rule


def _decimals(count: int) -> str:
    return "1 decimal" if count == 1 else f"{count} decimals"


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Yield a problem when the cost's decimals differ from the declared rounding."""
    usage = usage_of(doc, ctx.kind.options)
    if usage is None:
        return
    cost = usage.rows.get("cost")
    if cost is None or cost.amount is None or not cost.amount.exact:
        return
    decimals = declared_decimals(usage, ctx.options)
    if cost.amount.decimals != decimals:
        source = "the footnote declares" if usage.footnote is not None and usage.footnote.decimals is not None else "the declared rounding is"
        yield Problem(
            cost.line,
            f"Estimated Cost {safe(cost.cell, 30)!r} has {_decimals(cost.amount.decimals)} but {source} {_decimals(decimals)}",
        )


RULE = Rule(
    code="RL308",
    name="token-cost-rounding",
    severity=Severity.WARNING,
    doc=__doc__ or "",
    check=check,
    kinds=frozenset({"run-log"}),
    options={"decimals": 2},
)
