"""The model a cost was priced for is not in the price table, or not named at all.

What it does:
    When the token usage section prices tokens (a ``*Cost calculated at: ...*`` footnote
    with rates), looks up the model it names (the footnote's parenthesis, else the ``Model``
    header field) in the price table at the log's Started date. Warns when no model is named,
    when the table does not know the model, or when the log predates the model's first
    price row. RL304 can only check rates against a known price.

Why it matters:
    An unchecked footnote is how the $15/$75 Opus 4.5 rate of run-log-template.md spread:
    rates nobody compares with a price list go stale. A model the table lacks may also be a
    typo ("Claude Opus 45").

Example:
    ``*Cost calculated at: Input $2/1M, Output $9/1M (Acme Large 2)*``.

How to fix:
    Name the model as its provider does ("Claude Sonnet 4.5", "gpt-4.1"), or add a row for
    it under ``prices`` in the configuration (model, provider, input, output, cache rates,
    effective_from, source).
"""

from __future__ import annotations

from collections.abc import Iterator

from hooks.errors import safe
from hooks.finding import Severity
from hooks.model.document import Document
from hooks.model.prices import table_option
from hooks.model.token_usage import match_price, usage_of
from hooks.rules.base import Context, Problem, Rule


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Yield a warning when the priced model cannot be found in the price table."""
    usage = usage_of(doc, ctx.kind.options)
    if usage is None or usage.footnote is None or not usage.footnote.rates:
        return
    table = table_option(ctx.options)
    match = match_price(doc, usage, table)
    line = usage.footnote.line
    if match.model is None:
        yield Problem(line, "the cost footnote names no model, e.g. '(Claude Sonnet 4.5)', so its rates cannot be checked")
    elif not match.known:
        yield Problem(line, f"model {safe(match.model, 60)!r} is not in the price table; add a row under 'prices' in the configuration")
    elif match.row is None and match.day is not None:
        first = table.history(match.model)[0]
        yield Problem(line, f"no price for {first.model} on {match.day.isoformat()}: its first price row starts {first.effective_from.isoformat()}")


RULE = Rule(
    code="RL305",
    name="token-model-unknown",
    severity=Severity.WARNING,
    doc=__doc__ or "",
    check=check,
    kinds=frozenset({"run-log"}),
)
