"""``runlog serve``: preview the team log site with live reload."""

from __future__ import annotations

import argparse

from site_builder.build import run_serve


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("log_folder", help="the log folder to preview")
    parser.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT", help="address to serve on (default: 127.0.0.1:8000)")
    parser.add_argument("--site-dir", default="site", help="the site folder `runlog build` uses; the staging folder sits beside it")


def run(args: argparse.Namespace) -> int:
    """Serve the site until interrupted."""
    return run_serve(args)
