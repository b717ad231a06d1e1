"""The cost dashboard: tokens and cost by day, mode and model, as Mermaid charts and tables.

The figures are :func:`hooks.engine.stats.usage_stats`' (the same as ``runlog stats``): token counts
from each run log's Token Usage section (run-log-template.md), the cost as written, else
priced at the footnote's rates or the dated price table (:mod:`hooks.model.prices`), exact
decimals throughout. mkdocs-material draws ``mermaid`` fences (pymdownx.superfences custom
fence), so no chart library is needed. Chart labels are reduced to a safe alphabet
(:func:`site_builder.safety.chart_label`); table cells are escaped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from site_builder.safety import chart_label, escape_markdown, front_matter

#: At most this many days are drawn in the daily charts (the latest ones); the table has all.
MAX_CHART_DAYS = 60


def _decimal(value: Any) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return Decimal(0)


def _num(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value.quantize(Decimal('0.01')):f}"


def bar_chart(title: str, labels: Sequence[str], values: Sequence[Decimal], axis: str) -> str:
    """A Mermaid ``xychart-beta`` bar chart fence."""
    quoted = ", ".join(f'"{chart_label(x)}"' for x in labels)
    numbers = ", ".join(_num(v) for v in values)
    return (
        "```mermaid\nxychart-beta\n"
        f'    title "{chart_label(title, 60)}"\n'
        f"    x-axis [{quoted}]\n"
        f'    y-axis "{chart_label(axis)}"\n'
        f"    bar [{numbers}]\n```\n"
    )


def pie_chart(title: str, data: Mapping[str, Decimal]) -> str:
    """A Mermaid pie chart fence (slices of zero are left out)."""
    lines = [f"```mermaid\npie title {chart_label(title, 60)}\n"]
    for label, value in data.items():
        if value > 0:
            lines.append(f'    "{chart_label(label)}" : {_num(value)}\n')
    lines.append("```\n")
    return "".join(lines)


def _table(name: str, groups: Sequence[Mapping[str, Any]]) -> str:
    rows = [f"| {name} | Logs | Input | Output | Cache read | Cache write | Total tokens | Cost (USD) |", "|---|---|---|---|---|---|---|---|"]
    for group in groups:
        rows.append(
            f"| {escape_markdown(str(group.get('key', '')), 60)} | {group.get('logs', 0)} | {int(group.get('input', 0)):,} "
            f"| {int(group.get('output', 0)):,} | {int(group.get('cache_read', 0)):,} | {int(group.get('cache_write', 0)):,} "
            f"| {int(group.get('total', 0)):,} | {escape_markdown(str(group.get('cost', '0')), 20)} |"
        )
    return "\n".join(rows) + "\n"


def cost_page(stats: Mapping[str, Any]) -> str:
    """The dashboard's markdown (front matter included) from :func:`hooks.engine.stats.usage_stats` data."""

    out = [front_matter("Cost dashboard"), "# Cost dashboard\n\n"]
    totals = stats.get("totals") or {}
    by_day: list[Mapping[str, Any]] = list(stats.get("by_day") or [])
    by_mode: list[Mapping[str, Any]] = list(stats.get("by_mode") or [])
    by_model: list[Mapping[str, Any]] = list(stats.get("by_model") or [])
    out.append(
        f"{totals.get('logs', 0)} run logs report token usage: {int(totals.get('total', 0)):,} tokens, "
        f"${escape_markdown(str(totals.get('cost', '0')), 20)} (as written, else priced at the footnote's or the price table's rates; "
        f"{totals.get('unpriced', 0)} logs could not be priced). The same figures as `runlog stats`.\n\n"
    )
    if not by_day:
        out.append("No run log reports token usage.\n")
        return "".join(out)
    days = [g for g in by_day if g.get("key") != "unknown"][-MAX_CHART_DAYS:]
    out.append("## By day\n\n")
    if days:
        labels = [str(g["key"]) for g in days]
        out.append(bar_chart("Tokens by day", labels, [_decimal(g.get("total")) for g in days], "tokens"))
        out.append("\n")
        out.append(bar_chart("Cost by day (USD)", labels, [_decimal(g.get("cost")) for g in days], "USD"))
        out.append("\n")
    out.append(_table("Day", by_day))
    out.append("\n## By mode\n\n")
    out.append(pie_chart("Cost by mode (USD)", {str(g["key"]): _decimal(g.get("cost")) for g in by_mode}))
    out.append("\n")
    out.append(_table("Mode", by_mode))
    out.append("\n## By model\n\n")
    out.append(pie_chart("Tokens by model", {str(g["key"]): _decimal(g.get("total")) for g in by_model}))
    out.append("\n")
    out.append(_table("Model", by_model))
    return "".join(out)
