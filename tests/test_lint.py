"""The packages stay clean under the house tools: ruff for lint, mypy in strict mode."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

BIN = Path(sys.executable).parent


def test_ruff_reports_nothing() -> None:
    result = subprocess.run([BIN / "ruff", "check", "hooks", "site_builder", "tests", "bench"], cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_reports_nothing() -> None:
    result = subprocess.run([BIN / "mypy", "hooks", "site_builder"], cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
