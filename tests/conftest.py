"""Shared test fixtures: where the repository, the examples and the shared corpus are."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from hooks.cli import COMMANDS
from hooks.cli import main as hooks_main

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
SPECS = SHARED / "specs"
HEYREACH = CORPUS / "jansytzeh__heyreach-processor" / "training"
TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def corpus() -> Path:
    """The shared corpus folder (CI has ../shared beside the checkout)."""
    if not CORPUS.is_dir():
        pytest.fail(f"the shared corpus is missing at {CORPUS}")
    return CORPUS


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run ``runlog`` in-process with every command; return (exit code, stdout, stderr)."""
    from site_builder.cli import SITE_COMMANDS

    code = hooks_main(argv, [*COMMANDS, *SITE_COMMANDS])
    out, err = capsys.readouterr()
    return code, out, err
