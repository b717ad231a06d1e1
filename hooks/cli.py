"""The ``runlog`` command line: a table of commands, each imported only when it runs.

Every entry point is ``main(argv) -> int``: findings give exit 1, unusable input or
configuration exit 2 with a one-line message naming the file and line, no traceback.

:data:`COMMANDS` maps each command name to the module that implements it and its one-line
help (pip's habit, ``_internal/commands/__init__.py``): the module, which has
``add_arguments(parser)`` and ``run(args) -> int``, is imported by name with
:func:`importlib.import_module` only for the command being run, so ``runlog --version`` and
``runlog guard`` pay for no rule and no Markdown parser. No command imports this module.
``site_builder.cli`` adds the site commands' rows to the same table.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NamedTuple

from hooks import __version__
from hooks.errors import RunlogError


class Command(NamedTuple):
    """One row of the command table.

    Attributes:
        name: the subcommand (``runlog NAME``).
        module: dotted path of the module with ``add_arguments(parser)`` and ``run(args) -> int``.
        help: one line for ``runlog --help``.
    """

    name: str
    module: str
    help: str


#: The checking commands, in the order ``runlog --help`` lists them.
COMMANDS: list[Command] = [
    Command("check", "hooks.commands.check", "check log files and folders against their kinds"),
    Command("guard", "hooks.commands.guard", "refuse deleting or renaming a run log that an open error links to"),
    Command("prune", "hooks.commands.prune", "list (or --apply: git rm) the run logs the retention policy lets go"),
    Command("fix", "hooks.commands.fix", "recompute the Total Tokens and Estimated Cost cells of run logs in place"),
    Command("stats", "hooks.commands.stats", "token and cost totals of run logs by day, mode and model"),
    Command("new", "hooks.commands.new", "write a new log of a kind that passes its own check"),
    Command("patterns", "hooks.commands.patterns", "recurring errors across logs and error registries: what keeps breaking?"),
    Command("init", "hooks.commands.init", "adopt runlog on a folder: infer kinds for its logs and write .runlog.yaml"),
    Command(
        "kind", "hooks.commands.kind",
        "work with kinds: 'kind from-template FILE' prints the kind a template describes, 'kind infer FILE...' the kind some logs follow",
    ),
    Command("rules", "hooks.commands.rules", "list every rule, or write the rule catalogue page (docs/rules.md)"),
    Command("config-schema", "hooks.commands.config_schema", "print or write the JSON Schema of the configuration"),
]


def _chosen(argv: Sequence[str], names: set[str]) -> str | None:
    """The command named in ``argv`` (the first argument that is not an option), if known."""
    return next((a for a in argv if not a.startswith("-")), None) if argv else None


def build_parser(commands: Sequence[Command], chosen: str | None = None) -> argparse.ArgumentParser:
    """The argument parser for ``commands``; only ``chosen``'s module is imported to add its arguments."""
    parser = argparse.ArgumentParser(prog="runlog", description="Check, fix and publish AI agent run logs.")
    parser.add_argument("--version", action="version", version=f"runlog {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", metavar="FILE", help="configuration file (default: .runlog.yaml or pyproject.toml found upward)")
    common.add_argument(
        "--color", choices=("auto", "always", "never"), default="auto",
        help="colour the output: auto (on a terminal, unless NO_COLOR is set), always or never",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in commands:
        command_parser = sub.add_parser(command.name, help=command.help, description=command.help, parents=[common])
        if command.name == chosen:
            module = importlib.import_module(command.module)
            module.add_arguments(command_parser)
            command_parser.set_defaults(function=module.run)
    return parser


def main(argv: Sequence[str] | None = None, commands: Sequence[Command] | None = None) -> int:
    """Run one ``runlog`` command; return its exit code (0 clean, 1 findings, 2 unusable input)."""
    table = list(commands) if commands is not None else COMMANDS
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(table, _chosen(arguments, {c.name for c in table}))
    try:
        args = parser.parse_args(arguments)
    except SystemExit as exc:  # argparse already printed its one-line usage error (or --help, --version)
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


__all__ = ["COMMANDS", "Command", "build_parser", "main"]
