"""``runlog config-schema``: print or write the JSON Schema of the configuration.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hooks.config.schema import schema_text
from hooks.io.atomic import write_text_atomic


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``runlog config-schema``."""
    parser.add_argument("--write", metavar="FILE", help="write the schema to FILE (the package's is hooks/data/config.schema.json)")


def run(args: argparse.Namespace) -> int:
    """``runlog config-schema``: print or write the JSON Schema of the configuration."""

    if args.write:

        write_text_atomic(Path(args.write), schema_text())
        print(f"runlog: wrote the configuration schema to {args.write}", file=sys.stderr)
        return 0
    sys.stdout.write(schema_text())
    return 0
