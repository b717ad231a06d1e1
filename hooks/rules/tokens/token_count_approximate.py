"""A token count or cost is written as an approximation.

What it does:
    Reports a cell of the ``## Token Usage`` table written with ``~``, ``≈``, "about" or
    "approx." (``~12,000``), or abbreviated with ``k``/``M`` (``12k``, ``1.2M``). Options:
    ``allow-approximate`` and ``allow-abbreviated`` (both ``false``) accept them.

Why it matters:
    The token table is the cost record (run-log-template.md: "REQUIRED for cost tracking").
    An approximate count cannot be added up or priced exactly, so RL301 and RL302 cannot
    check it, and totals built from it are guesses. Agents can read exact counts from the
    API's usage fields.

Example:
    ``| Input Tokens | ~48,000 |`` or ``| Output Tokens | 9.6k |``.

How to fix:
    Write the exact count from the API's usage report (``input_tokens``,
    ``output_tokens``), with or without thousands separators.
"""

from __future__ import annotations

from collections.abc import Iterator

from hooks.errors import safe
from hooks.finding import Severity
from hooks.model.document import Document
from hooks.model.token_usage import usage_of
from hooks.rules.base import Context, Problem, Rule


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Yield a problem per approximate or abbreviated cell (unless allowed by option)."""
    usage = usage_of(doc, ctx.kind.options)
    if usage is None:
        return
    allow_approximate = bool(ctx.options.get("allow-approximate", False))
    allow_abbreviated = bool(ctx.options.get("allow-abbreviated", False))
    for row in usage.rows.values():
        amount = row.amount
        if amount is None:
            continue
        if amount.approximate and not allow_approximate:
            yield Problem(row.line, f"{row.label} {safe(row.cell, 40)!r} is an approximation; write the exact figure")
        elif amount.abbreviated and not allow_abbreviated:
            yield Problem(row.line, f"{row.label} {safe(row.cell, 40)!r} is abbreviated; write the exact figure")


RULE = Rule(
    code="RL303",
    name="token-count-approximate",
    severity=Severity.WARNING,
    doc=__doc__ or "",
    check=check,
    kinds=frozenset({"run-log"}),
    options={"allow-approximate": False, "allow-abbreviated": False},
)
