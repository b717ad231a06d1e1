"""The cost dashboard: tokens and cost by day, mode and model, as Mermaid charts and tables.

Figures are those the logs write in their Token Usage sections (run-log-template.md),
parsed by :mod:`hooks.tokens` with exact decimals; nothing is recomputed from prices here.
mkdocs-material draws ``mermaid`` fences (pymdownx.superfences custom fence), so no chart
library is needed. Labels in charts are reduced to a safe alphabet
(:func:`site_builder.safety.chart_label`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from site_builder.safety import chart_label, escape_markdown

if TYPE_CHECKING:
    from site_builder.collect import Log

#: At most this many days are drawn in the daily chart (the latest ones); the table has all.
MAX_CHART_DAYS = 60


@dataclass
class Bucket:
    """Sums for one day, mode or model: tokens (input, output, total), cost in USD, log count."""

    input: Decimal = Decimal(0)
    output: Decimal = Decimal(0)
    total: Decimal = Decimal(0)
    cost: Decimal = Decimal(0)
    logs: int = 0

    def add(self, log: Log) -> None:
        """Add one log's token usage."""
        tokens = log.tokens
        if tokens is None:
            return
        self.input += tokens.input or 0
        self.output += tokens.output or 0
        self.total += tokens.total or 0
        self.cost += tokens.cost or 0
        self.logs += 1


def buckets(logs: Iterable[Log], key: Callable[[Log], str]) -> dict[str, Bucket]:
    """Sum the token usage of ``logs`` by ``key``; logs without usage are left out."""
    result: dict[str, Bucket] = {}
    for log in logs:
        if log.tokens is None or log.tokens.total is None and log.tokens.cost is None:
            continue
        result.setdefault(key(log), Bucket()).add(log)
    return result


def _num(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:.2f}"


def _bar_chart(title: str, labels: list[str], values: list[Decimal], axis: str) -> str:
    quoted = ", ".join(f'"{chart_label(x)}"' for x in labels)
    numbers = ", ".join(_num(v) for v in values)
    return (
        "```mermaid\nxychart-beta\n"
        f'    title "{chart_label(title, 60)}"\n'
        f"    x-axis [{quoted}]\n"
        f'    y-axis "{chart_label(axis)}"\n'
        f"    bar [{numbers}]\n```\n"
    )


def _pie(title: str, data: dict[str, Decimal]) -> str:
    lines = [f'```mermaid\npie title {chart_label(title, 60)}\n']
    for label, value in sorted(data.items()):
        if value > 0:
            lines.append(f'    "{chart_label(label)}" : {_num(value)}\n')
    lines.append("```\n")
    return "".join(lines)


def _table(name: str, data: dict[str, Bucket]) -> str:
    rows = [f"| {name} | Logs | Input | Output | Total tokens | Cost (USD) |", "|---|---|---|---|---|---|"]
    for label, bucket in sorted(data.items()):
        rows.append(
            f"| {escape_markdown(label, 60)} | {bucket.logs} | {bucket.input:,.0f} | {bucket.output:,.0f} | {bucket.total:,.0f} | {bucket.cost:,.2f} |"
        )
    return "\n".join(rows) + "\n"


def cost_page(logs: list[Log], page: str, link: Callable[[str, str], str]) -> str:
    """The dashboard's markdown (front matter included). ``link`` is unused but kept for symmetry."""
    from site_builder.pages import front_matter

    with_usage = [log for log in logs if log.tokens is not None]
    by_day = buckets(with_usage, lambda lg: lg.date.isoformat() if lg.date else "undated")
    by_mode = buckets(with_usage, lambda lg: lg.mode or "unknown")
    by_model = buckets(with_usage, lambda lg: (lg.tokens.model if lg.tokens else None) or "unknown")
    out = [front_matter("Cost dashboard"), "# Cost dashboard\n\n"]
    total = Bucket()
    for log in with_usage:
        total.add(log)
    out.append(
        f"{total.logs} logs report token usage: {total.total:,.0f} tokens, ${total.cost:,.2f} estimated "
        "(as each log wrote it in its Token Usage section).\n\n"
    )
    if not by_day:
        out.append("No log reports token usage.\n")
        return "".join(out)
    days = sorted(by_day)[-MAX_CHART_DAYS:]
    out.append("## By day\n\n")
    out.append(_bar_chart("Tokens by day", days, [by_day[d].total for d in days], "tokens"))
    out.append("\n")
    out.append(_bar_chart("Cost by day (USD)", days, [by_day[d].cost for d in days], "USD"))
    out.append("\n")
    out.append(_table("Day", by_day))
    out.append("\n## By mode\n\n")
    out.append(_pie("Cost by mode (USD)", {k: v.cost for k, v in by_mode.items()}))
    out.append("\n")
    out.append(_table("Mode", by_mode))
    out.append("\n## By model\n\n")
    out.append(_pie("Tokens by model", {k: v.total for k, v in by_model.items()}))
    out.append("\n")
    out.append(_table("Model", by_model))
    return "".join(out)
