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
from hooks.engine import baseline
from hooks.engine.closure import check_with_closure
from hooks.engine.explain import explain
from hooks.engine.runner import check_paths
from hooks.output import OUTPUT_FORMATS
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
    parser.add_argument("--baseline", metavar="FILE", help="leave out findings recorded in FILE; fail only on new ones")
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
    report = check_with_closure(args.paths, config, Path.cwd()) if args.closure else check_paths(args.paths, config)
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
    write_output(render(report), args.output_file)
    if machine or args.output_file:
        print(summary(report), file=sys.stderr)
    return report.exit_code
