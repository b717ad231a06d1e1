"""``runlog patterns``: what keeps breaking? Recurring errors across logs and registries.

execution-logging-spec.md ("Pattern Extraction"): read the last N logs, group the issues
into patterns, propose contract changes for the top ones, and hand them over with a pattern
summary, the proposed change and the expected behaviour change. This command does the
reading and the grouping (:mod:`hooks.engine.patterns`) and writes
the hand-off with the change left empty for a person: runlog does not invent contract changes.

Usage::

    runlog patterns PATH... [--since DATE] [--last N] [--min-count K] [--format text|json|markdown]

Registry entries are always read, so ``--since`` and ``--last`` narrow the logs, never
which ids are registered. Exit 0 with a
report (even an empty one); exit 2 for a path that does not exist, a bad option value or
configuration, with a one-line message.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import posixpath
from pathlib import Path
from typing import Any

from hooks.commands._common import load, write_output
from hooks.engine.patterns import find_patterns
from hooks.model.error_patterns import Pattern

#: Default of ``--min-count``: a pattern is something seen at least twice.
MIN_COUNT = 2
#: Patterns written in full by ``--format markdown`` (the spec's "top patterns").
TOP_PATTERNS = 10
#: Occurrences listed per pattern in the text and markdown formats (JSON lists them all).
SHOWN_OCCURRENCES = 20


def to_json(patterns: list[Pattern]) -> dict[str, Any]:
    """The JSON report: ``{"patterns": [{"signature", "count", "logs", "first_seen",
    "last_seen", "registry_ids", "occurrences": [{"path", "line", "timestamp", "message"}]}]}``."""
    return {
        "patterns": [
            {
                "signature": p.signature,
                "count": p.count,
                "logs": p.logs,
                "first_seen": p.first_seen,
                "last_seen": p.last_seen,
                "registry_ids": list(p.registry_ids),
                "occurrences": [
                    {"path": o.path, "line": o.line, "timestamp": o.timestamp, "message": o.message} for o in p.occurrences
                ],
            }
            for p in patterns
        ]
    }


def _ids_text(pattern: Pattern) -> str:
    if not pattern.registry_ids:
        return "no registry entry"
    return ", ".join(i if i in pattern.registered else f"{i} (no registry entry)" for i in pattern.registry_ids)


def _span(pattern: Pattern) -> str:
    if not pattern.first_seen:
        return "undated"
    return pattern.first_seen if pattern.first_seen == pattern.last_seen else f"{pattern.first_seen} to {pattern.last_seen}"


def render_text(patterns: list[Pattern], total: int, files: int, min_count: int) -> str:
    """Patterns by count: signature, counts, dates, ids, then one line per occurrence."""
    out = []
    for pattern in patterns:
        out.append(f"{pattern.count:>4}  {pattern.signature}")
        out.append(f"      {pattern.count} occurrence(s) in {pattern.logs} log(s), {_span(pattern)}; {_ids_text(pattern)}")
        for occurrence in pattern.occurrences[:SHOWN_OCCURRENCES]:
            out.append(f"      {occurrence.path}:{occurrence.line}  {occurrence.timestamp or '-'}  {occurrence.message[:120]}")
        if pattern.count > SHOWN_OCCURRENCES:
            out.append(f"      and {pattern.count - SHOWN_OCCURRENCES} more (--format json lists every one)")
        out.append("")
    out.append(f"runlog: {len(patterns)} pattern(s) seen at least {min_count} time(s), of {total} in {files} file(s)")
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    """Log text made inert in markdown: pipes, brackets, emphasis and HTML characters escaped."""
    escaped = "".join("\\" + ch if ch in "\\`*_[]<>|#" else ch for ch in text)
    return " ".join(escaped.split())


def render_markdown(patterns: list[Pattern], total: int, files: int, min_count: int, base: str = "") -> str:
    """The hand-off of execution-logging-spec.md ("Pattern Extraction", ``[HANDOFF TO JEN]``):
    per top pattern a summary, links to its evidence, and empty "Proposed change" and
    "Expected behaviour change" sections for a person to fill. ``base`` is the folder the
    hand-off will be written to, relative to the working folder, so evidence links resolve."""
    top = patterns[:TOP_PATTERNS]
    out = [
        "# [HANDOFF] Recurring errors",
        "",
        f"{len(patterns)} pattern(s) seen at least {min_count} time(s), of {total} error pattern(s) in {files} file(s). "
        "Written by `runlog patterns --format markdown`; the proposed changes are for a person to write.",
        "",
    ]
    for number, pattern in enumerate(top, 1):
        out += [
            f"## Pattern {number}: `{pattern.signature.replace(chr(96), chr(39))}`",
            "",
            "### Pattern summary",
            "",
            f"- **Occurrences:** {pattern.count} in {pattern.logs} log(s)",
            f"- **Seen:** {_span(pattern)}",
            f"- **Registry:** {_md(_ids_text(pattern))}",
            "",
            "### Evidence",
            "",
        ]
        for occurrence in pattern.occurrences[:SHOWN_OCCURRENCES]:
            target = posixpath.relpath(occurrence.path, base or ".") if not occurrence.path.startswith("/") else occurrence.path
            out.append(
                f"- [{_md(occurrence.path)}:{occurrence.line}]({target.replace(' ', '%20').replace(')', '%29')}) "
                f"{occurrence.timestamp or 'undated'}: {_md(occurrence.message[:160])}"
            )
        if pattern.count > SHOWN_OCCURRENCES:
            out.append(f"- and {pattern.count - SHOWN_OCCURRENCES} more (`runlog patterns --format json` lists every one)")
        out += ["", "### Proposed change", "", "", "### Expected behaviour change", "", ""]
    if len(patterns) > TOP_PATTERNS:
        out += [
            f"{len(patterns) - TOP_PATTERNS} more pattern(s) below the top {TOP_PATTERNS} are left out; "
            "`runlog patterns --format json` lists every one.",
            "",
        ]
    return "\n".join(out)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def _count(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return int(text)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``runlog patterns``."""
    parser.add_argument("paths", nargs="*", default=["."], help="log files or folders (default: .)")
    parser.add_argument("--since", type=_date, metavar="DATE", help="only errors dated on or after DATE (YYYY-MM-DD)")
    parser.add_argument("--last", type=_count, metavar="N", help="only the N most recent logs (registries are always read)")
    parser.add_argument(
        "--min-count",
        type=_count,
        default=MIN_COUNT,
        metavar="K",
        help=f"only patterns with at least K occurrences (default: {MIN_COUNT}; 1 lists one-off errors too)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="text (default), json, or markdown: the hand-off of execution-logging-spec.md",
    )
    parser.add_argument("--output-file", metavar="FILE", help="write the output to FILE instead of stdout")
    parser.add_argument(
        "--jobs", "-j", type=_count, default=os.cpu_count() or 1, metavar="N", help="worker processes (default: CPU count)"
    )


def run(args: argparse.Namespace) -> int:
    """``runlog patterns``: print the recurring errors; exit 0 unless the input is unusable."""
    cwd = Path.cwd()
    everything, files = find_patterns(args.paths, load(args), cwd, args.since, args.last, args.jobs)
    shown = [p for p in everything if p.count >= args.min_count]
    if args.format == "json":
        text = json.dumps(to_json(shown), indent=2, ensure_ascii=False) + "\n"
    elif args.format == "markdown":
        base = os.path.relpath(Path(args.output_file).resolve().parent, cwd) if args.output_file else ""
        text = render_markdown(shown, len(everything), files, args.min_count, base)
    else:
        text = render_text(shown, len(everything), files, args.min_count)
    write_output(text, args.output_file)
    return 0
