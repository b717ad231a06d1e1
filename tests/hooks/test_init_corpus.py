"""runlog init on the real folders of the shared corpus (copied to tmp: the corpus is read-only)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import CORPUS, run_cli

STRUCTURE = {f"RL10{i}" for i in range(1, 8)}
FOLDERS = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith(".")) if CORPUS.is_dir() else []


def _copy(name: str, into: Path) -> Path:
    target = into / name
    shutil.copytree(CORPUS / name, target)
    for path in [target, *target.rglob("*")]:
        path.chmod(path.stat().st_mode | 0o200)
    return target


def _checked(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict[str, str]]]:
    code, out, _ = run_cli(["check", "--format", "json", "--no-cache", "--jobs", "1", "."], capsys)
    assert code in (0, 1)
    data = json.loads(out)
    return int(data["summary"]["files"]), data["findings"]


def test_the_corpus_has_its_folders() -> None:
    assert len(FOLDERS) == 8


@pytest.mark.parametrize("name", FOLDERS)
def test_init_check_and_build_run_on_every_corpus_folder(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    work = _copy(name, tmp_path)
    monkeypatch.chdir(work)
    before, findings_before = _checked(capsys)
    code, out, err = run_cli(["init", "--yes"], capsys)
    assert code == 0, out + err
    assert out.startswith("Surveyed ")
    after, findings_after = _checked(capsys)
    assert after == before  # every log here is of a shipped kind already: init adds nothing
    assert findings_after == findings_before
    code, _, err = run_cli(["build", ".", "--site-dir", str(tmp_path / "site"), "--quiet"], capsys)
    assert code == 0, err
    assert (tmp_path / "site" / "index.html").is_file()


def _structurally_flagged(findings: list[dict[str, str]]) -> set[str]:
    return {f["path"] for f in findings if f["code"] in STRUCTURE and "/run-logs/" in f["path"]}


def test_the_kind_inferred_from_heyreach_flags_logs_the_shipped_run_log_kind_flags(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Shipped kinds off, the kind inferred from the 40 heyreach run logs flags a subset of the
    logs the shipped run-log kind flags for structure (RL101-RL107): 9 at the default share
    (what 80% of the logs do), 30 when a convention needs only half of them."""
    work = _copy("jansytzeh__heyreach-processor", tmp_path)
    monkeypatch.chdir(work)
    _, shipped = _checked(capsys)
    by_shipped = _structurally_flagged(shipped)
    assert len(by_shipped) == 40
    code, out, _ = run_cli(["init", "--yes", "--no-shipped-kinds"], capsys)
    assert code == 0
    assert "run-logs: 40 files (training/run-logs/*.md)" in out and "sessions: 4 files (training/sessions/*.md)" in out
    assert "training/run-logs/README.md: its name is off the folder's convention" in out
    checked, inferred = _checked(capsys)
    assert checked == 44
    by_inferred = _structurally_flagged(inferred)
    assert by_inferred <= by_shipped and len(by_inferred) == 9
    code, _, _ = run_cli(["init", "--yes", "--no-shipped-kinds", "--share", "0.5"], capsys)
    assert code == 0
    _, half = _checked(capsys)
    by_half = _structurally_flagged(half)
    assert by_half <= by_shipped and len(by_half) == 30
    assert by_inferred <= by_half
