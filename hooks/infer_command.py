"""``runlog kind infer FILE...``: print the kind some logs follow (what ``runlog init`` writes).

The files are read and parsed as ``runlog check`` reads them; the kind is inferred by
:func:`hooks.infer.infer_kind` and printed as a kind file (YAML with the evidence as
comments). Its ``paths`` glob is the files' common folder (``--path`` to give others), its
name the folder's (``--name``). A file that cannot be read stops the command with one line
naming it (exit 2).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from hooks.errors import InputError, UsageError
from hooks.infer import DEFAULT_SHARE, Sample, infer_kind
from hooks.kinds import kind_from_mapping
from hooks.textio import read_log


def add_infer_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``runlog kind infer``."""
    from hooks.init_command import _share  # noqa: PLC0415

    parser.add_argument("files", nargs="+", metavar="FILE", help="markdown logs of one convention")
    parser.add_argument("--name", help="the kind's name (default: from the files' folder)")
    parser.add_argument("--path", action="append", default=[], metavar="GLOB", help="a path glob the kind applies to (repeatable; default: FOLDER/*.md)")
    parser.add_argument("--share", type=_share, default=DEFAULT_SHARE, metavar="F", help=f"part of the files a convention must hold in (default: {DEFAULT_SHARE})")


def run_infer(args: argparse.Namespace) -> int:
    """``runlog kind infer``: print the inferred kind; 0, or 2 for an unreadable file.

    Raises:
        UsageError: a file is missing or a folder.
        InputError: a file cannot be read as text.
    """
    from hooks.document import parse  # noqa: PLC0415
    from hooks.init_command import dump, kind_name  # noqa: PLC0415

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
