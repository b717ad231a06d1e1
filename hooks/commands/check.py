"""``runlog check``: check log files and folders against their kinds (the ``runlog-check`` hook).
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path

from hooks.commands._common import load, write_output
from hooks.config.loader import RunOptions
from hooks.engine import baseline, coverage
from hooks.engine.closure import check_with_closure
from hooks.engine.explain import explain
from hooks.engine.runner import check_paths
from hooks.output import OUTPUT_FORMATS
from hooks.output.terminal import color_enabled, progress_bar, render_text
from hooks.output.text import summary


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", default=["."], help="log files or folders (default: .)")
    parser.add_argument("--format", choices=sorted(OUTPUT_FORMATS), default="text", help="output format (default: text)")
    parser.add_argument("--output-file", metavar="FILE", help="write the output to FILE instead of stdout")
    parser.add_argument(
        "--no-closure", dest="closure", action="store_false",
        help="check only the given files; by default the error registry and the logs linked to or from them are added for cross-file rules",
    )
    parser.add_argument("--jobs", "-j", type=_positive, default=os.cpu_count() or 1, metavar="N", help="worker processes (default: CPU count)")
    parser.add_argument("--no-cache", dest="cache", action="store_false", help="do not read or write .runlog_cache/")
    parser.add_argument("--shard", type=_shard, metavar="I/N", help="check only shard I of N (stable split by path, for CI matrices)")
    parser.add_argument("--baseline", metavar="FILE", help="leave out findings recorded in FILE; fail only on new ones (default: the configuration's 'baseline:')")
    parser.add_argument("--no-baseline", action="store_true", help="report every finding, even with a 'baseline:' configured")
    parser.add_argument("--require-kind", action="store_true", default=None, help="markdown files that match no kind are errors (RL005; also 'require-kind: true')")
    parser.add_argument("--write-baseline", metavar="FILE", help="record every current finding in FILE and exit 0")
    parser.add_argument("--explain", action="store_true", help="say which kind applies to each file and why, without checking")


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return int(text)


def _shard(text: str) -> tuple[int, int]:
    index, _, count = text.partition("/")
    if not (index.isdigit() and count.isdigit()) or not 1 <= int(index) <= int(count):
        raise argparse.ArgumentTypeError(f"expected I/N with 1 <= I <= N, got {text!r}")
    return int(index), int(count)


def run(args: argparse.Namespace) -> int:
    """``runlog check``: check files and folders against their kinds."""
    config = replace(load(args), run=RunOptions(jobs=args.jobs, cache=args.cache, shard=args.shard))
    if args.explain:

        write_output(explain(args.paths, config, Path.cwd()), args.output_file)
        return 0
    with progress_bar("checking"):
        report = check_with_closure(args.paths, config, Path.cwd()) if args.closure else check_paths(args.paths, config)
    unkinded = coverage.without_kind(args.paths, config, Path.cwd(), report.files.values())
    if args.require_kind or config.require_kind:
        report.findings = sorted([*report.findings, *coverage.findings(unkinded, config)], key=lambda f: f.sort_key())
    elif unkinded:
        print(coverage.note(unkinded), file=sys.stderr)
    if not args.baseline and not args.write_baseline and config.baseline is not None and not args.no_baseline:
        args.baseline = str(config.baseline)
    if args.write_baseline or args.baseline:

        def locate(display: str) -> Path:
            return report.files.get(display) or (Path.cwd() / display).resolve()

        if args.write_baseline:
            count = baseline.write_baseline(Path(args.write_baseline), report.findings, locate)
            print(f"runlog: wrote {count} finding(s) to the baseline {args.write_baseline}", file=sys.stderr)
            return 0
        known = baseline.read_baseline(Path(args.baseline))
        report.findings, report.baselined = baseline.filter_new(report.findings, known, Path(args.baseline), locate)
    render, machine = OUTPUT_FORMATS[args.format]
    if args.format == "text" and args.output_file is None and color_enabled(getattr(args, "color", "auto"), sys.stdout):
        render = render_text
    write_output(render(report), args.output_file)
    if machine or args.output_file:
        print(summary(report), file=sys.stderr)
    return report.exit_code
