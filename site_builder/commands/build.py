"""``runlog build``: build the team log site from a log folder."""

from __future__ import annotations

import argparse

from site_builder.build import run_build


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("log_folder", help="the log folder to publish")
    parser.add_argument("--site-dir", default="site", help="where the site is written (default: site/)")
    parser.add_argument("--strict", action="store_true", help="refuse to publish logs with error-level findings")
    parser.add_argument("--engine", choices=("mkdocs", "zensical"), default="mkdocs", help="site generator (default: mkdocs; zensical when installed)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar, errors only")
    parser.add_argument("--jobs", "-j", type=int, default=0, metavar="N", help="worker processes for checking and rendering (default: CPU count)")
    parser.add_argument("--full", action="store_true", help="render every page again (by default pages unchanged since the previous build are reused)")


def run(args: argparse.Namespace) -> int:
    """Build the site; exit 0, 1 (``--strict`` and error findings) or 2 (unusable input)."""
    return run_build(args)
