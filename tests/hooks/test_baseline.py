"""Baselines on the heyreach corpus: adopt with --write-baseline, fail only on new findings."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from hooks.engine.baseline import fingerprint, normalize_message
from tests.conftest import HEYREACH, run_cli


@pytest.fixture
def heyreach(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    if not HEYREACH.is_dir():
        pytest.fail(f"the shared corpus is missing at {HEYREACH}")
    folder = tmp_path / "training"
    shutil.copytree(HEYREACH, folder)
    monkeypatch.chdir(folder)
    return folder


def test_baseline_then_only_a_new_broken_log_fails(heyreach: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["check", ".", "--write-baseline", "runlog-baseline.json"], capsys)
    assert code == 0, err
    recorded = json.loads((heyreach / "runlog-baseline.json").read_text(encoding="utf-8"))["findings"]
    assert len(recorded) > 100

    code, out, err = run_cli(["check", ".", "--baseline", "runlog-baseline.json"], capsys)
    assert code == 0, out + err

    # A new broken log: a copy of a known one under a new name, its total made wrong.
    source = heyreach / "run-logs" / "2026-01-03_14-41_process-1.md"
    new = heyreach / "run-logs" / "2026-01-20_09-00_process-1.md"
    new.write_text(source.read_text(encoding="utf-8").replace("2026-01-03", "2026-01-20"), encoding="utf-8")
    code, out, err = run_cli(["check", ".", "--baseline", "runlog-baseline.json"], capsys)
    assert code == 1
    paths = {line.split(":", 1)[0] for line in out.splitlines() if ": RL" in line}
    assert paths == {"run-logs/2026-01-20_09-00_process-1.md"}, out


def test_fingerprints_survive_lines_moving(heyreach: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["check", ".", "--write-baseline", "b.json"], capsys)[0] == 0
    log = heyreach / "run-logs" / "2026-01-03_14-41_process-1.md"
    lines = log.read_text(encoding="utf-8").split("\n")
    lines[1:1] = ["", "Some notes added at the top.", ""]  # every later finding moves down 3 lines
    log.write_text("\n".join(lines), encoding="utf-8")
    code, out, err = run_cli(["check", ".", "--baseline", "b.json"], capsys)
    assert code == 0, out + err


def test_fingerprint_depends_on_the_flagged_line_not_its_number() -> None:
    a = fingerprint("run-logs/a.md", "RL301", "Total Tokens is 36,000 but 36,001", "| Total Tokens | 36,000 |")
    assert a == fingerprint("run-logs/a.md", "RL301", "Total  tokens is 36,000 but 36,001", "  | Total Tokens | 36,000 |")
    assert a != fingerprint("run-logs/a.md", "RL301", "Total Tokens is 36,000 but 36,001", "| Total Tokens | 36,500 |")
    assert a != fingerprint("run-logs/b.md", "RL301", "Total Tokens is 36,000 but 36,001", "| Total Tokens | 36,000 |")
    assert normalize_message("see line 12") == normalize_message("See line 15")


def test_a_file_that_is_not_a_baseline_is_exit_2(heyreach: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (heyreach / "bad.json").write_text('{"findings": 3}', encoding="utf-8")
    code, _, err = run_cli(["check", ".", "--baseline", "bad.json"], capsys)
    assert code == 2
    assert "bad.json" in err and "Traceback" not in err
