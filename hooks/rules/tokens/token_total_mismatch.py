"""The Total Tokens row does not equal the sum of the token rows.

What it does:
    In the ``## Token Usage`` table, checks that Total Tokens equals Input + Output, plus
    the cache read and cache write rows when they are present, exactly (``Decimal``
    arithmetic, thousands separators allowed). Also reports a required row that is
    missing (Input Tokens, Output Tokens, Total Tokens, Estimated Cost; run-log-template.md)
    and a count that is not a number. Approximate or abbreviated figures (``~12,000``,
    ``12k``) are left to RL303: exact arithmetic cannot be checked on them.

Why it matters:
    The token table is the team's cost record ("REQUIRED for cost tracking",
    run-log-template.md). A total typed by hand drifts from its parts, and the dashboard then
    shows the wrong spend.

Example:
    Input 12,000 and Output 3,001 with ``| Total Tokens | 15,000 |``.

How to fix:
    Run ``runlog fix`` to recompute the Total cell, or correct it by hand.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from hooks.errors import safe
from hooks.finding import Severity
from hooks.model.document import Document
from hooks.model.token_usage import LABELS, REQUIRED_ROWS, usage_of
from hooks.rules.base import Context, Problem, Rule


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Yield problems for missing rows, non-numeric counts and a wrong total."""
    usage = usage_of(doc, ctx.kind.options)
    if usage is None or not usage.table_line:
        return
    for metric in REQUIRED_ROWS:
        if metric not in usage.rows:
            yield Problem(usage.table_line, f"token usage table has no '{LABELS[metric]}' row")
    for row in usage.rows.values():
        if row.amount is None:
            yield Problem(row.line, f"{row.label} {safe(row.cell, 40)!r} is not a number")
    total = usage.rows.get("total")
    parts = usage.parts()
    counts = usage.exact_counts()
    if total is None or total.amount is None or not total.amount.exact or counts is None or not parts:
        return
    expected = sum(counts.values(), Decimal(0))
    if total.amount.value != expected:
        names = " + ".join(p.label for p in parts)
        yield Problem(total.line, f"Total Tokens is {total.amount.value:,} but {names} = {expected:,}")


RULE = Rule(code="RL301", name="token-total-mismatch", severity=Severity.ERROR, doc=__doc__ or "", check=check, kinds=frozenset({"run-log"}))
