"""``runlog stats``: token and cost totals of run logs by day, mode and model.

:func:`usage_stats` turns parsed run logs into plain data (dicts, lists, ints and strings,
ready for ``json.dumps``) that the site builder charts; :func:`collect_stats` reads the logs
under some paths first; :func:`render_text` prints the data as tables.

Where the figures come from (run-log-template.md, "Token Usage"): token counts from the
table's Input, Output, Cache Read and Cache Write rows (the total is their sum, or the Total
row when a part is missing); the cost is the Estimated Cost cell, else the counts priced at
the footnote's rates, else at the price table's rates for the log's model and date
(:mod:`hooks.model.prices`); beside it, the cost at the price table's rates
(:data:`hooks.engine.stats.COST_LABELS`). The day is the log's Started date (else the date in its file name),
the mode is the ``mode`` part of the kind's file-name pattern (``2026-03-02_09-30_draft-
replies-1.md`` gives ``draft-replies``, else the ``Mode`` field), the model is the one the
footnote names, spelled as the price table spells it when known.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hooks.commands._common import load, write_output
from hooks.engine.stats import COST_LABELS, collect_stats

_COLUMNS = ("logs", "input", "output", "cache_read", "cache_write", "total", "cost", "table_cost")


def render_text(data: Mapping[str, Any]) -> str:
    """The stats as three aligned text tables (by day, mode and model), a total line and a line
    saying what each cost column is (:data:`hooks.engine.stats.COST_LABELS`)."""
    headers = ("Logs", "Input", "Output", "Cache read", "Cache write", "Total", "Cost as written", "At price table")
    out: list[str] = []
    for name, title in (("by_day", "Day"), ("by_mode", "Mode"), ("by_model", "Model")):
        rows = [[str(g["key"]), *(_cell(g, c) for c in _COLUMNS)] for g in data[name]]
        rows.append(["all", *(_cell(data["totals"], c) for c in _COLUMNS)])
        table = [[title, *headers], *rows]
        widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
        for index, row in enumerate(table):
            cells = [row[0].ljust(widths[0])] + [cell.rjust(widths[i + 1]) for i, cell in enumerate(row[1:])]
            out.append("  ".join(cells).rstrip())
            if index == 0:
                out.append("  ".join("-" * w for w in widths))
        out.append("")
    totals = data["totals"]
    notes = []
    if totals["unpriced"]:
        notes.append(f"{totals['unpriced']} without a cost")
    if totals["approximate"]:
        notes.append(f"{totals['approximate']} with approximate figures")
    if data["without_usage"]:
        notes.append(f"{len(data['without_usage'])} run logs without a token usage table")
    if totals["table_unpriced"]:
        notes.append(f"{totals['table_unpriced']} with a model the price table does not know")
    summary = f"{totals['logs']} run logs with token usage"
    out.append(summary + (f" ({'; '.join(notes)})" if notes else "") + ".")
    out.append(f"Costs in USD. Cost as written: {COST_LABELS['cost'].split(': ', 1)[1]}. At price table: its tokens {COST_LABELS['table_cost']}.")
    return "\n".join(out) + "\n"


def _cell(group: Mapping[str, Any], column: str) -> str:
    value = group[column]
    return f"{value:,}" if isinstance(value, int) else str(value)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``runlog stats``."""
    parser.add_argument("paths", nargs="*", default=["."], help="run logs or folders (default: .)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    parser.add_argument("--output-file", metavar="FILE", help="write the output to FILE instead of stdout")


def run(args: argparse.Namespace) -> int:
    """``runlog stats``: print token and cost totals; always exit 0 unless the input is unusable."""

    data = collect_stats(args.paths, load(args), Path.cwd())
    text = json.dumps(data, indent=2) + "\n" if args.format == "json" else render_text(data)
    write_output(text, args.output_file)
    return 0
