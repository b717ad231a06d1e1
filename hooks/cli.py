"""The ``runlog`` command line (checking side): ``check`` and the commands built on it.

Every entry point is ``main(argv) -> int``: findings give exit 1, unusable input or
configuration exit 2 with a one-line message naming the file and line, no traceback.
``site_builder.cli`` adds the site commands (``build``) to the same parser.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from hooks import __version__, catalogue, guard, init_command, newlog, prune, template
from hooks import fix as fix_command
from hooks import stats as stats_command
from hooks.config import Config, RunOptions, load_config
from hooks.engine import check_paths
from hooks.errors import RunlogError, UsageError
from hooks.output import FORMATS
from hooks.output.text import summary

#: A subcommand: (name, help, function adding its arguments, function running it).
Command = tuple[str, str, Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]


def load(args: argparse.Namespace) -> Config:
    """The configuration for this run (``--config`` or found upward from the working folder)."""
    return load_config(Path(args.config) if getattr(args, "config", None) else None, Path.cwd())


def write_output(text: str, output_file: str | None) -> None:
    """Write ``text`` to stdout or, atomically, to ``output_file``."""
    if output_file is None:
        sys.stdout.write(text)
        return
    from hooks.atomic import write_text_atomic

    write_text_atomic(Path(output_file), text)


def _check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", default=["."], help="log files or folders (default: .)")
    parser.add_argument("--format", choices=sorted(FORMATS), default="text", help="output format (default: text)")
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


def run_check(args: argparse.Namespace) -> int:
    """``runlog check``: check files and folders against their kinds."""
    config = replace(load(args), run=RunOptions(jobs=args.jobs, cache=args.cache, shard=args.shard))
    if args.explain:
        from hooks.explain import explain

        write_output(explain(args.paths, config, Path.cwd()), args.output_file)
        return 0
    from hooks import coverage
    from hooks.terminal import progress_bar

    with progress_bar("checking"):
        if args.closure:
            from hooks.closure import check_with_closure

            report = check_with_closure(args.paths, config, Path.cwd())
        else:
            report = check_paths(args.paths, config)
    unkinded = coverage.without_kind(args.paths, config, Path.cwd())
    if args.require_kind or config.require_kind:
        report.findings = sorted([*report.findings, *coverage.findings(unkinded, config)], key=lambda f: f.sort_key())
    elif unkinded:
        print(coverage.note(unkinded), file=sys.stderr)
    if not args.baseline and not args.write_baseline and config.baseline is not None and not args.no_baseline:
        args.baseline = str(config.baseline)
    if args.write_baseline or args.baseline:
        from hooks import baseline

        def locate(display: str) -> Path:
            return report.files.get(display) or (Path.cwd() / display).resolve()

        if args.write_baseline:
            count = baseline.write_baseline(Path(args.write_baseline), report.findings, locate)
            print(f"runlog: wrote {count} finding(s) to the baseline {args.write_baseline}", file=sys.stderr)
            return 0
        known = baseline.read_baseline(Path(args.baseline))
        report.findings, report.baselined = baseline.filter_new(report.findings, known, Path(args.baseline), locate)
    render, machine = FORMATS[args.format]
    if args.format == "text" and args.output_file is None:
        from hooks.terminal import color_enabled, render_text

        if color_enabled(getattr(args, "color", "auto"), sys.stdout):
            render = render_text
    write_output(render(report), args.output_file)
    if machine or args.output_file:
        print(summary(report), file=sys.stderr)
    return report.exit_code


COMMANDS: list[Command] = [
    ("check", "check log files and folders against their kinds", _check_arguments, run_check),
    guard.COMMAND,
    prune.COMMAND,
    ("fix", "recompute the Total Tokens and Estimated Cost cells of run logs in place", fix_command.add_arguments, fix_command.run),
    ("stats", "token and cost totals of run logs by day, mode and model", stats_command.add_arguments, stats_command.run),
    newlog.COMMAND,
    init_command.COMMAND,
    template.COMMAND,
    ("rules", "list every rule, or write the rule catalogue page (docs/rules.md)", catalogue.add_arguments, catalogue.run),
    ("config-schema", "print or write the JSON Schema of the configuration", catalogue.add_schema_arguments, catalogue.run_schema),
]


def build_parser(commands: Sequence[Command]) -> argparse.ArgumentParser:
    """The argument parser for ``commands``."""
    parser = argparse.ArgumentParser(prog="runlog", description="Check, fix and publish AI agent run logs.")
    parser.add_argument("--version", action="version", version=f"runlog {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", metavar="FILE", help="configuration file (default: .runlog.yaml or pyproject.toml found upward)")
    common.add_argument(
        "--color", choices=("auto", "always", "never"), default="auto",
        help="colour the output: auto (on a terminal, unless NO_COLOR is set), always or never",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text, add_arguments, function in commands:
        command_parser = sub.add_parser(name, help=help_text, description=help_text, parents=[common])
        add_arguments(command_parser)
        command_parser.set_defaults(function=function)
    return parser




def main(argv: Sequence[str] | None = None, commands: Sequence[Command] | None = None) -> int:
    """Run one ``runlog`` command; return its exit code (0 clean, 1 findings, 2 unusable input)."""
    parser = build_parser(list(commands) if commands is not None else COMMANDS)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed its one-line usage error
        return int(exc.code or 0) if isinstance(exc.code, int) else 2
    if not getattr(args, "function", None):
        parser.print_help()
        return 2
    try:
        return int(args.function(args))
    except RunlogError as exc:
        print(f"runlog: {exc.format()}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("runlog: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1


__all__ = ["COMMANDS", "Command", "UsageError", "build_parser", "load", "main", "write_output"]
