"""What several commands share: the configuration of a run and where output goes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hooks.config.loader import Config, load_config
from hooks.io.atomic import write_text_atomic


def load(args: argparse.Namespace) -> Config:
    """The configuration for this run (``--config`` or found upward from the working folder)."""
    return load_config(Path(args.config) if getattr(args, "config", None) else None, Path.cwd())


def write_output(text: str, output_file: str | None) -> None:
    """Write ``text`` to stdout or, atomically, to ``output_file``."""
    if output_file is None:
        sys.stdout.write(text)
        return

    write_text_atomic(Path(output_file), text)
