"""``runlog kind``: ``from-template`` prints the kind YAML compiled from a spec's template,
``infer FILE...`` the kind some logs follow (what ``runlog init`` writes).

``kind infer`` reads and parses the files as ``runlog check`` reads them, infers the kind with
:func:`hooks.kinds.infer.infer_kind` and prints it as a kind file (YAML with the evidence as
comments). Its ``paths`` glob is the files' common folder (``--path`` to give others), its
name the folder's (``--name``). A file that cannot be read stops the command with one line
naming it (exit 2).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ruamel.yaml.comments import CommentedSeq

from hooks.commands._adopt import dump, kind_name, share_value
from hooks.errors import InputError, UsageError
from hooks.io.text import read_log
from hooks.kinds.infer import DEFAULT_SHARE, Sample, infer_kind
from hooks.kinds.loader import kind_from_mapping
from hooks.kinds.template import compile_template_file, dump_kind
from hooks.model.document import parse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``runlog kind`` and its subcommand ``from-template``."""
    sub = parser.add_subparsers(dest="kind_command", metavar="SUBCOMMAND", required=True)
    compile_parser = sub.add_parser("from-template", help="print the kind YAML compiled from a template or spec document")
    compile_parser.add_argument("file", metavar="FILE", help="a template, or a spec document holding one in a ```markdown block")
    compile_parser.add_argument("--name", help="the kind's name (default: from the template's title)")
    compile_parser.add_argument("--block", type=int, default=1, metavar="N", help="use the N-th ```markdown block (default: 1)")
    compile_parser.add_argument("--path", action="append", default=[], metavar="GLOB", help="a path glob the kind applies to (repeatable)")
    _infer_arguments(sub.add_parser("infer", help="print the kind inferred from log files (what runlog init writes)"))


def run(args: argparse.Namespace) -> int:
    """``runlog kind from-template FILE``: print the compiled kind as YAML (``kind infer``:
    :func:`run_infer`).

    Raises:
        ConfigError: the file cannot be read or holds no template (exit 2).
    """
    if args.kind_command == "infer":
        return run_infer(args)
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


def _infer_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``runlog kind infer``."""
    parser.add_argument("files", nargs="+", metavar="FILE", help="markdown logs of one convention")
    parser.add_argument("--name", help="the kind's name (default: from the files' folder)")
    parser.add_argument("--path", action="append", default=[], metavar="GLOB", help="a path glob the kind applies to (repeatable; default: FOLDER/*.md)")
    parser.add_argument("--share", type=share_value, default=DEFAULT_SHARE, metavar="F", help=f"part of the files a convention must hold in (default: {DEFAULT_SHARE})")


def run_infer(args: argparse.Namespace) -> int:
    """``runlog kind infer``: print the inferred kind; 0, or 2 for an unreadable file.

    Raises:
        UsageError: a file is missing or a folder.
        InputError: a file cannot be read as text.
    """
    cwd = Path.cwd()
    samples = []
    for raw in args.files:
        path = Path(raw)
        if not path.is_file():
            raise UsageError("no such file", raw)
        decoded = read_log(path)
        if decoded.problem is not None:
            raise InputError(f"cannot infer from this file ({decoded.problem})", raw)
        shown = Path(os.path.relpath(path.resolve(), cwd)).as_posix()
        samples.append(Sample(shown, parse(shown, decoded.text)))
    folders = {s.path.rsplit("/", 1)[0] if "/" in s.path else "" for s in samples}
    common = os.path.commonpath([f or "." for f in folders]) if folders else "."
    folder = "" if common == "." else Path(common).as_posix()
    paths = args.path or [f"{folder}/*.md" if folder and len(folders) == 1 else (f"{folder}/**/*.md" if folder else "*.md")]
    name = args.name or kind_name(paths[0], set())
    kind = infer_kind(samples, name, paths, share=args.share)
    kind_from_mapping(kind, "<inferred kind>")  # what is printed must load as a kind
    sys.stdout.write(dump(kind))
    return 0
