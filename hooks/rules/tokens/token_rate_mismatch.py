"""The footnote's rates differ from the price table for the named model at the log's date.

What it does:
    Reads the model named in the ``*Cost calculated at: ...*`` footnote (or the ``Model``
    header field), looks it up in the price table (``hooks/data/prices.yaml`` plus the
    ``prices`` configuration key) at the log's Started date, and compares every rate the
    footnote states (input, output, cache read, cache write) with the table's, exactly.

Why it matters:
    A footnote copied from a template carries stale prices: run-log-template.md itself
    prices Claude Opus 4.5 at $15/$75 per million tokens, the Opus 4/4.1 rate, while Opus 4.5
    costs $5/$25 (platform.claude.com pricing page). Every cost computed from such a
    footnote is three times too high.

Example:
    ``*Cost calculated at: Input $15/1M, Output $75/1M (Claude Opus 4.5)*`` in a log
    started on 2026-01-03.

How to fix:
    Run ``runlog fix --fix-rates`` to write the table's rates into the footnote and
    recompute the cost, or correct them by hand. If your contract prices differ, add a row
    under ``prices`` in the configuration.
"""

from __future__ import annotations

from collections.abc import Iterator

from hooks.finding import Severity
from hooks.model.document import Document
from hooks.model.prices import table_option
from hooks.model.token_usage import RATE_LABELS, describe_rates, format_rate, match_price, usage_of
from hooks.rules.base import Context, Problem, Rule


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Yield one problem listing the footnote rates that differ from the price table."""
    usage = usage_of(doc, ctx.kind.options)
    if usage is None or usage.footnote is None or not usage.footnote.rates:
        return
    match = match_price(doc, usage, table_option(ctx.options))
    if match.row is None:  # RL305 reports unknown models
        return
    wrong = {
        metric: rate
        for metric, rate in usage.footnote.rates.items()
        if metric in match.row.rates and match.row.rates[metric] != rate
    }
    if not wrong:
        return
    written = ", ".join(f"{RATE_LABELS[m]} ${format_rate(r)}/1M" for m, r in wrong.items())
    table = describe_rates({m: match.row.rates[m] for m in wrong})
    when = f"on {match.day.isoformat()}" if match.day else "(latest price; the log has no date)"
    first = min(usage.footnote.spans[m][0] for m in wrong) + 1
    yield Problem(
        usage.footnote.line,
        f"footnote prices {match.model} at {written}, but {match.row.model} costs {table} {when} "
        f"(price table row from {match.row.effective_from.isoformat()}, {match.row.source})",
        column=first,
    )


RULE = Rule(
    code="RL304",
    name="token-rate-mismatch",
    severity=Severity.ERROR,
    doc=__doc__ or "",
    check=check,
    kinds=frozenset({"run-log"}),
)
