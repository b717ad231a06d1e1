"""The Estimated Cost does not agree with the token counts and the footnote's rates.

What it does:
    Computes sum(tokens x rate) / 1,000,000 with the rates of the ``*Cost calculated at:
    Input $N/1M, Output $M/1M (Model)*`` footnote (run-log-template.md), cache rows at their
    own rates, rounds it half up to the declared decimals (the footnote's "rounded to N
    decimals", else the ``decimals`` option, two by default; more when the cost is written
    with more) and compares it with the Estimated Cost cell. Exact ``Decimal`` arithmetic,
    never float. A cost rounded the wrong way (truncated, rounded up) is reported as such.

Why it matters:
    Costs are estimated by agents, which get multiplication wrong; a cost that disagrees
    with its own footnote misreports spend.

Example:
    Input 100,000 and Output 20,000 at $15/$75 per million give $3.00, but the cell says
    ``$2.50``.

How to fix:
    Run ``runlog fix`` to recompute the cost cell.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_HALF_EVEN, Decimal

from hooks.finding import Severity
from hooks.model.document import Document
from hooks.model.token_usage import declared_decimals, expected_cost, round_cost, unpriced, usage_of
from hooks.rules.base import Context, Problem, Rule

_OTHER_ROUNDINGS = ((ROUND_DOWN, "truncated"), (ROUND_CEILING, "rounded up"), (ROUND_HALF_EVEN, "rounded half to even"))


def _rounding_hint(exact: Decimal, written: Decimal, decimals: int) -> str:
    quantum = Decimal(1).scaleb(-decimals)
    for mode, name in _OTHER_ROUNDINGS:
        if exact.quantize(quantum, rounding=mode) == written:
            return f" (the exact cost ${exact.normalize():f} was {name}; the log rounds half up)"
    return ""


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Yield a problem when the cost cell differs from the recomputed cost."""
    usage = usage_of(doc, ctx.kind.options)
    if usage is None or usage.footnote is None or not usage.footnote.rates:
        return
    cost = usage.rows.get("cost")
    counts = usage.exact_counts()
    if cost is None or cost.amount is None or not cost.amount.exact or counts is None:
        return
    if unpriced(counts, usage.footnote.rates):  # RL306 reports it
        return
    decimals = max(cost.amount.decimals, declared_decimals(usage, ctx.options))
    exact = expected_cost(counts, usage.footnote.rates)
    expected = round_cost(exact, decimals)
    if cost.amount.value != expected:
        hint = _rounding_hint(exact, cost.amount.value, decimals)
        yield Problem(cost.line, f"Estimated Cost is ${cost.amount.value} but the counts at the footnote's rates give ${expected}{hint}")


RULE = Rule(
    code="RL302",
    name="token-cost-mismatch",
    severity=Severity.ERROR,
    doc=__doc__ or "",
    check=check,
    kinds=frozenset({"run-log"}),
    options={"decimals": 2},
)
