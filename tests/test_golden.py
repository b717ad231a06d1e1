"""Golden findings: the whole shared corpus and generated folders, recorded before the engine
rework (issue "Check engine ...") and compared on every run, so a rework that must not change
behaviour cannot change a finding unnoticed.

Update only when a rule is meant to change, with the explicit switch::

    RUNLOG_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py

The check date is fixed (age rules read it), caching and worker processes are off, and display
paths are relative to the folder checked from, so the output does not depend on the machine.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hooks.config.loader import load_config
from hooks.engine.runner import check_paths
from tests.conftest import CORPUS, REPO

GOLDEN = Path(__file__).parent / "golden"
TODAY = dt.date(2026, 12, 1)
UPDATE = os.environ.get("RUNLOG_UPDATE_GOLDEN") == "1"


def findings_text(paths: list[str], cwd: Path) -> str:
    """Every finding of checking ``paths`` from ``cwd``, one line each, then the file count."""
    report = check_paths(paths, load_config(None, cwd), cwd, TODAY)
    lines = [f"{f.path}:{f.line}:{f.column}: {f.severity.value} {f.code} {f.message} ({f.name})" for f in report.findings]
    lines.append(f"files checked: {report.files_checked}")
    return "\n".join(lines) + "\n"


def compare(name: str, text: str) -> None:
    golden = GOLDEN / name
    if UPDATE:
        golden.write_text(text, encoding="utf-8")
        return
    assert golden.is_file(), f"no golden file {golden}; record it with RUNLOG_UPDATE_GOLDEN=1"
    expected = golden.read_text(encoding="utf-8")
    if text != expected:
        old, new = set(expected.splitlines()), set(text.splitlines())
        gone = sorted(old - new)[:20]
        added = sorted(new - old)[:20]
        pytest.fail(f"{name} changed:\n- " + "\n- ".join(gone) + "\n+ " + "\n+ ".join(added))


@pytest.mark.parametrize("folder", sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith(".")) if CORPUS.is_dir() else [])
def test_corpus_findings_are_unchanged(folder: str) -> None:
    compare(f"corpus-{folder}.txt", findings_text([folder], CORPUS))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("generated") / "team"
    subprocess.run([sys.executable, str(REPO / "bench" / "generate.py"), str(out), "--logs", "400", "--seed", "8"], check=True, capture_output=True)
    return out


def test_generated_folder_findings_are_unchanged(generated: Path) -> None:
    compare("generated-400.txt", findings_text(["."], generated))


def test_examples_findings_are_unchanged() -> None:
    compare("examples.txt", findings_text(["examples"], REPO))
