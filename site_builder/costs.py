"""The cost dashboard: tokens and cost by day, mode and model, as charts and tables.

The figures are :func:`hooks.engine.stats.usage_stats`' (the same as ``runlog stats``): token counts
from each run log's Token Usage section (run-log-template.md), and two costs side by side:
the cost as the logs state it (the Estimated Cost cell, else the counts priced at the
footnote's rates, else at the price table's) and the cost at the price table's rates for each
log's model and date (:mod:`hooks.model.prices`), exact decimals throughout.

Charts are drawn at build time with pygal as SVG files (``charts/*.svg``, :func:`chart_files`)
and shown with ``<img>``: no script, no network (the page works on an intranet), and an SVG
loaded as an image can neither run script nor fetch anything, so the page sanitizer only
has to keep an ``<img>``. Each chart's figures are in the table below it. The SVG is made
byte-stable (no random id, no date comment, pygal's inline config script removed), so an
unchanged folder rebuilds to identical files. Labels are reduced to a safe alphabet
(:func:`site_builder.safety.chart_label`); table cells are escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

import pygal
from pygal.etree import etree as pygal_etree
from pygal.style import Style

from site_builder.safety import chart_label, escape_markdown, front_matter

#: At most this many days are drawn in the daily charts (the latest ones); the table has all.
MAX_CHART_DAYS = 60
#: Where the chart files sit in the docs folder.
CHART_FOLDER = "charts"
#: The charts: file name, title, what it shows.
CHARTS = {
    "tokens-by-day.svg": "Tokens by day",
    "cost-by-day.svg": "Cost by day (USD, as written)",
    "cost-by-mode.svg": "Cost by mode (USD, as written)",
    "tokens-by-model.svg": "Tokens by model",
}

_STYLE = Style(
    background="transparent",
    plot_background="transparent",
    font_family="Roboto, Helvetica, Arial, sans-serif",
    foreground="rgba(0, 0, 0, .87)",
    foreground_strong="rgba(0, 0, 0, .87)",
    foreground_subtle="rgba(0, 0, 0, .54)",
    colors=("#4051b5", "#e92063", "#00bfa5", "#ff9100", "#7c4dff", "#526cfe", "#00b8d4", "#64dd17"),
    title_font_size=16,
    label_font_size=11,
    major_label_font_size=11,
    legend_font_size=12,
)


def _decimal(value: Any) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return Decimal(0)


def _stable(root: Any) -> Any:
    """pygal XML filter: drop comments (one holds today's date) and scripts, fix the id."""
    for child in list(root):
        if not isinstance(child.tag, str):
            root.remove(child)
    for parent in list(root.iter()):
        for child in list(parent):
            if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] == "script":
                parent.remove(child)
    root.attrib.pop("id", None)
    return root


def _options(title: str) -> dict[str, Any]:
    return {
        "title": chart_label(title, 60),
        "style": _STYLE,
        "js": [],
        "no_prefix": True,
        "explicit_size": True,
        "disable_xml_declaration": True,
        "width": 800,
        "height": 320,
        "margin": 12,
    }


def _render(chart: Any) -> str:
    # The standard library's ElementTree even where lxml is installed: the same bytes everywhere.
    pygal_etree.to_etree()
    chart.add_xml_filter(_stable)
    text: str = chart.render(is_unicode=True)
    return text


def bar_chart(title: str, labels: Sequence[str], values: Sequence[Decimal], formatter: Callable[[float], str] = str) -> str:
    """An SVG bar chart (one bar per label) as text; every 7th label is printed when there are many."""
    chart = pygal.Bar(**_options(title), show_legend=False, x_label_rotation=40, value_formatter=formatter,
                      show_minor_x_labels=len(labels) <= 14, x_labels_major_every=7 if len(labels) > 14 else None)
    chart.x_labels = [chart_label(x) for x in labels]
    chart.add(chart_label(title, 60), [float(v) for v in values])
    return _render(chart)


def pie_chart(title: str, data: Mapping[str, Decimal], formatter: Callable[[float], str] = str) -> str:
    """An SVG pie chart as text (slices of zero are left out), its legend beside it."""
    chart = pygal.Pie(**_options(title), inner_radius=0.45, value_formatter=formatter, legend_at_bottom=False)
    for label, value in data.items():
        if value > 0:
            chart.add(chart_label(label), [float(value)])
    return _render(chart)


def _usd(value: float) -> str:
    return f"${value:,.2f}"


def _tokens(value: float) -> str:
    return f"{value:,.0f}"


def _days(stats: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [g for g in (stats.get("by_day") or []) if g.get("key") != "unknown"][-MAX_CHART_DAYS:]


def chart_files(stats: Mapping[str, Any]) -> dict[str, str]:
    """The dashboard's SVG charts: docs-relative path (``charts/tokens-by-day.svg``) to SVG text.

    Empty when no run log reports token usage. Input: :func:`hooks.engine.stats.usage_stats` data.
    """
    if not stats.get("by_day"):
        return {}
    days = _days(stats)
    labels = [str(g["key"]) for g in days]
    charts = {
        "cost-by-mode.svg": pie_chart(CHARTS["cost-by-mode.svg"], {str(g["key"]): _decimal(g.get("cost")) for g in stats.get("by_mode") or []}, _usd),
        "tokens-by-model.svg": pie_chart(CHARTS["tokens-by-model.svg"], {str(g["key"]): _decimal(g.get("total")) for g in stats.get("by_model") or []}, _tokens),
    }
    if days:
        charts["tokens-by-day.svg"] = bar_chart(CHARTS["tokens-by-day.svg"], labels, [_decimal(g.get("total")) for g in days], _tokens)
        charts["cost-by-day.svg"] = bar_chart(CHARTS["cost-by-day.svg"], labels, [_decimal(g.get("cost")) for g in days], _usd)
    return {f"{CHART_FOLDER}/{name}": svg for name, svg in sorted(charts.items())}


def _image(name: str, charts: Mapping[str, str], what: str) -> str:
    path = f"{CHART_FOLDER}/{name}"
    if path not in charts:
        return ""
    return f"![{escape_markdown(CHARTS[name])}, {escape_markdown(what)}]({path})\n\n"


def _money(value: Any) -> str:
    return escape_markdown(str(value), 20) if value is not None else "-"


def _table(name: str, groups: Sequence[Mapping[str, Any]]) -> str:
    rows = [
        f"| {name} | Logs | Input | Output | Cache read | Cache write | Total tokens | Cost as written (USD) | Cost at price table (USD) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for group in groups:
        rows.append(
            f"| {escape_markdown(str(group.get('key', '')), 60)} | {group.get('logs', 0)} | {int(group.get('input', 0)):,} "
            f"| {int(group.get('output', 0)):,} | {int(group.get('cache_read', 0)):,} | {int(group.get('cache_write', 0)):,} "
            f"| {int(group.get('total', 0)):,} | {_money(group.get('cost'))} | {_money(group.get('table_cost'))} |"
        )
    return "\n".join(rows) + "\n"


def cost_page(stats: Mapping[str, Any], charts: Mapping[str, str] | None = None) -> str:
    """The dashboard's markdown (front matter included) from :func:`hooks.engine.stats.usage_stats` data.

    ``charts`` is :func:`chart_files`' result (computed here when ``None``); each chart is an
    image above the table holding its figures.
    """

    charts = chart_files(stats) if charts is None else charts
    out = [front_matter("Cost dashboard"), "# Cost dashboard\n\n"]
    totals = stats.get("totals") or {}
    by_day: list[Mapping[str, Any]] = list(stats.get("by_day") or [])
    by_mode: list[Mapping[str, Any]] = list(stats.get("by_mode") or [])
    by_model: list[Mapping[str, Any]] = list(stats.get("by_model") or [])
    out.append(
        f"{totals.get('logs', 0)} run logs report token usage: {int(totals.get('total', 0)):,} tokens. "
        f"**Cost as written**: ${_money(totals.get('cost', '0'))}, the Estimated Cost the logs write (else their tokens priced at "
        f"the log's footnote rates, else at the price table's; {totals.get('unpriced', 0)} logs could not be priced). "
        f"**Cost at the price table's rates**: ${_money(totals.get('table_cost'))}, every log's tokens priced at the "
        f"price table's rates for its model and date ({totals.get('table_unpriced', 0)} logs name no model the table knows). "
        "The same figures as `runlog stats`.\n\n"
    )
    if not by_day:
        out.append("No run log reports token usage.\n")
        return "".join(out)
    out.append("## By day\n\n")
    out.append(_image("tokens-by-day.svg", charts, f"the latest {MAX_CHART_DAYS} days at most; figures in the table below"))
    out.append(_image("cost-by-day.svg", charts, "figures in the table below"))
    out.append(_table("Day", by_day))
    out.append("\n## By mode\n\n")
    out.append(_image("cost-by-mode.svg", charts, "figures in the table below"))
    out.append(_table("Mode", by_mode))
    out.append("\n## By model\n\n")
    out.append(_image("tokens-by-model.svg", charts, "figures in the table below"))
    out.append(_table("Model", by_model))
    return "".join(out)
