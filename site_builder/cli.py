"""The ``runlog`` console script: the checking commands of :mod:`hooks.cli` plus the site ones.

``hooks`` never imports ``site_builder``, so the site commands are added here, to the same
parser, and ``python -m hooks`` offers every command but these.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from hooks.cli import COMMANDS, Command
from hooks.cli import main as hooks_main


def _build_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("log_folder", help="the log folder to publish")
    parser.add_argument("--site-dir", default="site", help="where the site is written (default: site/)")
    parser.add_argument("--strict", action="store_true", help="refuse to publish logs with error-level findings")
    parser.add_argument("--engine", choices=("mkdocs", "zensical"), default="mkdocs", help="site generator (default: mkdocs; zensical when installed)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar, errors only")
    parser.add_argument("--jobs", "-j", type=int, default=0, metavar="N", help="worker processes for checking and rendering (default: CPU count)")
    parser.add_argument("--check-cache", dest="cache", action="store_true", help="take findings from .runlog_cache/, the cache runlog check keeps in the log folder (written where missing)")
    parser.add_argument("--full", action="store_true", help="render every page again (by default pages unchanged since the previous build are reused)")


def _run_build(args: argparse.Namespace) -> int:
    from site_builder.build import run_build

    return run_build(args)


def _serve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("log_folder", help="the log folder to preview")
    parser.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT", help="address to serve on (default: 127.0.0.1:8000)")
    parser.add_argument("--site-dir", default="site", help="the site folder `runlog build` uses; the staging folder sits beside it")


def _run_serve(args: argparse.Namespace) -> int:
    from site_builder.build import run_serve

    return run_serve(args)


#: The site commands, added after the checking ones.
SITE_COMMANDS: list[Command] = [
    ("build", "build the team log site from a log folder", _build_arguments, _run_build),
    ("serve", "preview the team log site with live reload", _serve_arguments, _run_serve),
]


def main(argv: Sequence[str] | None = None) -> int:
    """Run one ``runlog`` command (checking or site); return its exit code."""
    return hooks_main(argv, [*COMMANDS, *SITE_COMMANDS])


if __name__ == "__main__":
    raise SystemExit(main())
