"""Shared assertions for the hostile-input tests: what every entry point owes every case."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli
from tests.hostile.corpus import RAW_CONTROL, SECRET

#: Generous limit per subprocess: catches a hang, measures nothing.
HANG_SECONDS = 60


def assert_well_behaved(code: int, out: str, err: str, problems: int, allowed: tuple[int, ...] = (0, 1, 2)) -> None:
    """No traceback, no raw control character, no secret; a known exit code; at most one
    stderr line per problem (plus a summary line); an exit 2 explains itself on stderr."""
    assert "Traceback" not in out + err, err[-2000:]
    assert code in allowed, (code, out[-1000:], err[-1000:])
    assert SECRET not in out + err
    raw = sorted({hex(ord(c)) for c in out + err if c in RAW_CONTROL})
    assert not raw, f"raw control characters {raw} in output: {(out + err)[:500]!r}"
    assert len(err.splitlines()) <= problems + 1, err
    assert "rule crashed" not in out + err, out + err
    if code == 2:
        assert err.startswith("runlog"), err


def run_in(repo: Path, argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    """``runlog ARGV`` in-process with ``repo`` as working folder."""
    monkeypatch.chdir(repo)
    return run_cli(argv, capsys)


def run_subprocess(repo: Path, argv: list[str], env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """``runlog ARGV`` as a real process (``python -m site_builder.cli``) in ``repo``."""
    environment = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    done = subprocess.run(
        [sys.executable, "-m", "site_builder.cli", *argv], cwd=repo, capture_output=True, timeout=HANG_SECONDS, env=environment, check=False
    )
    return done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")
