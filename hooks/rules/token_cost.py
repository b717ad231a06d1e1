"""The Estimated Cost does not agree with the token counts and the footnote's rates.

What it does:
    Computes sum(tokens x rate) / 1,000,000 with the rates of the ``*Cost calculated at:
    Input $N/1M, Output $M/1M (Model)*`` footnote (run-log-template.md), rounds it half up
    to the decimals the cost is written with (two by default), and compares it with the
    Estimated Cost cell. Exact ``Decimal`` arithmetic, never float.

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
from decimal import Decimal

from hooks.document import Document
from hooks.finding import Severity
from hooks.rules.base import Context, Problem, Rule
from hooks.tokens import expected_cost, find_token_usage, round_cost

_METRICS = ("input", "output", "cache_read", "cache_write")


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Yield a problem when the cost cell differs from the recomputed cost."""
    usage = find_token_usage(doc, str(ctx.kind.options.get("token-usage-section", "Token Usage")))
    if usage is None or usage.footnote is None or not usage.footnote.rates:
        return
    cost = usage.rows.get("cost")
    if cost is None or cost.amount is None:
        return
    counts: dict[str, Decimal] = {}
    for metric in _METRICS:
        row = usage.rows.get(metric)
        if row is not None:
            if row.amount is None:
                return
            counts[metric] = row.amount.value
    unpriced = [m for m in counts if m not in usage.footnote.rates and counts[m] != 0]
    if unpriced:
        yield Problem(usage.footnote.line, f"footnote gives no rate for {', '.join(unpriced)}")
        return
    decimals = max(cost.amount.decimals, 2)
    expected = round_cost(expected_cost(counts, usage.footnote.rates), decimals)
    if round_cost(cost.amount.value, decimals) != expected:
        yield Problem(cost.line, f"Estimated Cost is ${cost.amount.value} but the counts at the footnote's rates give ${expected}")


RULE = Rule(code="RL302", name="token-cost-mismatch", severity=Severity.ERROR, doc=__doc__ or "", check=check, kinds=frozenset({"run-log"}))
