"""A token row has no rate in the cost footnote, so its tokens are not priced.

What it does:
    For every token row with a non-zero count (input, output, cache read, cache write), checks
    that the ``*Cost calculated at: ...*`` footnote states a rate for it. Cache rows must
    have their own rates ("Cache read $0.50/1M, Cache write $6.25/1M"): providers price
    cache reads and writes differently from plain input. When the model is in the price
    table, the message gives the rate to add.

Why it matters:
    A cost computed without the cache rows' rates leaves those tokens out, or prices them
    at the input rate (ten times too high for cache reads on Claude models); RL302 cannot
    check such a cost.

Example:
    A ``| Cache Read Tokens | 120,000 |`` row under the footnote
    ``*Cost calculated at: Input $3/1M, Output $15/1M (Claude Sonnet 4.5)*``.

How to fix:
    Add the missing rates to the footnote, e.g. ``Cache read $0.30/1M, Cache write
    $3.75/1M`` for Claude Sonnet 4.5.
"""

from __future__ import annotations

from collections.abc import Iterator

from hooks.finding import Severity
from hooks.model.document import Document
from hooks.model.prices import table_option
from hooks.model.token_usage import LABELS, RATE_LABELS, format_rate, match_price, unpriced, usage_of
from hooks.rules.base import Context, Problem, Rule


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Yield one problem naming the rows whose tokens have no rate in the footnote."""
    usage = usage_of(doc, ctx.kind.options)
    if usage is None or usage.footnote is None or not usage.footnote.rates:
        return
    counts = {row.metric: row.amount.value for row in usage.parts() if row.amount is not None}
    missing = unpriced(counts, usage.footnote.rates)
    if not missing:
        return
    row = match_price(doc, usage, table_option(ctx.options)).row
    hints = [f"{RATE_LABELS[m]} ${format_rate(row.rates[m])}/1M" for m in missing if row is not None and m in row.rates]
    hint = f" ({row.model}: {', '.join(hints)})" if row is not None and hints else ""
    names = ", ".join(LABELS[m] for m in missing)
    yield Problem(usage.footnote.line, f"the cost footnote gives no rate for {names}{hint}")


RULE = Rule(
    code="RL306",
    name="token-rate-missing",
    severity=Severity.ERROR,
    doc=__doc__ or "",
    check=check,
    kinds=frozenset({"run-log"}),
)
