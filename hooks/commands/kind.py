"""``runlog kind from-template``: print the kind YAML compiled from a spec's template.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ruamel.yaml.comments import CommentedSeq

from hooks.kinds.loader import kind_from_mapping
from hooks.kinds.template import compile_template_file, dump_kind


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``runlog kind`` and its subcommand ``from-template``."""
    sub = parser.add_subparsers(dest="kind_command", metavar="SUBCOMMAND", required=True)
    compile_parser = sub.add_parser("from-template", help="print the kind YAML compiled from a template or spec document")
    compile_parser.add_argument("file", metavar="FILE", help="a template, or a spec document holding one in a ```markdown block")
    compile_parser.add_argument("--name", help="the kind's name (default: from the template's title)")
    compile_parser.add_argument("--block", type=int, default=1, metavar="N", help="use the N-th ```markdown block (default: 1)")
    compile_parser.add_argument("--path", action="append", default=[], metavar="GLOB", help="a path glob the kind applies to (repeatable)")


def run(args: argparse.Namespace) -> int:
    """``runlog kind from-template FILE``: print the compiled kind as YAML.

    Raises:
        ConfigError: the file cannot be read or holds no template (exit 2).
    """

    path = Path(args.file)
    kind = compile_template_file(path, args.name, args.block)
    if args.path:
        kind["paths"] = CommentedSeq(args.path)
    kind_from_mapping(kind, str(path))  # what is printed must load as a kind
    text = dump_kind(kind)
    if not args.path:
        text = "# Add the path globs this kind applies to under 'paths' (e.g. '**/run-logs/*.md').\n" + text
    sys.stdout.write(text)
    return 0


