"""The cost dashboard: SVG charts drawn at build time, both costs labelled, figures as tables."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hooks.config.loader import load_config
from hooks.engine.stats import collect_stats
from site_builder.costs import CHART_FOLDER, chart_files, cost_page
from tests.conftest import EXAMPLES


def _stats(folder: Path) -> dict[str, object]:
    return collect_stats([str(folder)], load_config(None, folder), folder)


@pytest.fixture(scope="module")
def examples_stats() -> dict[str, object]:
    return _stats(EXAMPLES)


def test_charts_are_svg_files_without_script_network_or_date(examples_stats: dict[str, object]) -> None:
    charts = chart_files(examples_stats)
    assert sorted(charts) == [f"{CHART_FOLDER}/{n}" for n in ("cost-by-day.svg", "cost-by-mode.svg", "tokens-by-day.svg", "tokens-by-model.svg")]
    for path, svg in charts.items():
        assert svg.startswith("<svg ") and svg.endswith("</svg>"), path
        assert "<script" not in svg and "<!--" not in svg and 'id="chart-' not in svg, path
        assert re.findall(r"(?:https?:)?//[\w.-]+", svg) == ["http://www.w3.org"], path
    assert chart_files(examples_stats) == charts


def test_one_bar_per_day_and_one_slice_per_mode(examples_stats: dict[str, object]) -> None:
    charts = chart_files(examples_stats)
    days = [g["key"] for g in examples_stats["by_day"]]  # type: ignore[index]
    assert days == ["2026-03-02", "2026-03-03", "2026-03-04"]
    for name in ("tokens-by-day.svg", "cost-by-day.svg"):
        svg = charts[f"{CHART_FOLDER}/{name}"]
        assert svg.count('class="rect reactive tooltip-trigger"') == len(days)
        assert all(f">{day}</text>" in svg for day in days)
    modes = [g["key"] for g in examples_stats["by_mode"]]  # type: ignore[index]
    assert charts[f"{CHART_FOLDER}/cost-by-mode.svg"].count('class="slice reactive tooltip-trigger"') == len(modes) == 3


def test_a_hostile_mode_cannot_open_markup_in_a_chart(examples_stats: dict[str, object]) -> None:
    first = examples_stats["by_mode"][0]  # type: ignore[index]
    stats = {**examples_stats, "by_mode": [{**first, "key": "<script>alert(1)</script>\"'&<img src=x>"}]}
    svg = chart_files(stats)[f"{CHART_FOLDER}/cost-by-mode.svg"]
    # Labels are cut to letters, digits, space and ._/- (site_builder.safety.chart_label).
    assert "<script" not in svg and "<img" not in svg and ">script alert 1 /script<" in svg


def test_drifted_dashboard_labels_the_cost_as_written_and_at_the_price_table() -> None:
    page = cost_page(_stats(EXAMPLES / "drifted"))
    # Written $0.50; the price table's Claude Opus 4.5 rates ($5/$25 per million) give $0.30.
    assert "**Cost as written**: $0&#46;50, the Estimated Cost the logs write" in page
    assert "**Cost at the price table&#39;s rates**: $0&#46;30" in page or "**Cost at the price table's rates**: $0&#46;30" in page
    header = next(line for line in page.splitlines() if line.startswith("| Day |"))
    assert header.endswith("| Cost as written (USD) | Cost at price table (USD) |")
    day = next(line for line in page.splitlines() if line.startswith("| 2026&#45;03&#45;04 |"))
    assert day.endswith("| 0&#46;50 | 0&#46;30 |")


def test_no_usage_means_no_charts(tmp_path: Path) -> None:
    stats = _stats(tmp_path)
    assert chart_files(stats) == {}
    assert "No run log reports token usage." in cost_page(stats)


def test_a_drifted_log_page_shows_both_costs() -> None:
    from site_builder.collect import collect
    from site_builder.pages import log_page

    folder = EXAMPLES / "drifted"
    site = collect(folder, load_config(None, folder))
    log = next(lg for lg in site.logs if lg.relative == "run-logs/2026-03-04_process-inbox.md")
    page = log_page(log, "")
    assert "| Estimated cost | &#36;0&#46;50 as written |" in page
    assert "| Cost at the price table's rates | &#36;0&#46;30 |" in page
