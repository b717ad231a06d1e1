"""``runlog check`` end to end: exit codes, output lines, unreadable files, the heyreach folder."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, HEYREACH, REPO, run_cli

LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>RL\d{3}) (?P<message>.+) \((?P<name>[a-z0-9-]+)\)$")


def test_clean_examples_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["check", str(EXAMPLES / "training")], capsys)
    assert code == 0, out
    assert out.strip().endswith("no findings.") and err == ""
    assert "Checked 6 files" in out


def test_drifted_examples_report_each_mistake(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    code, out, _ = run_cli(["check", "examples/drifted"], capsys)
    assert code == 1
    codes = {m.group("code") for m in map(LINE.match, out.splitlines()) if m}
    assert {"RL101", "RL102", "RL104", "RL105", "RL107", "RL301", "RL302"} <= codes
    assert "examples/drifted/run-logs/2026-03-04_process-inbox.md:27:1: RL301 Total Tokens is 36,000" in out


def test_heyreach_folder_reports_how_the_real_logs_depart(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["check", str(HEYREACH)], capsys)
    assert code == 1 and err == ""
    lines = out.splitlines()
    parsed = [LINE.match(line) for line in lines[:-1]]
    assert all(parsed), [line for line, m in zip(lines, parsed, strict=False) if not m][:3]
    assert lines[-1] == "Checked 45 files: 293 errors, 7 warnings."  # tests/golden/corpus-jansytzeh__heyreach-processor.txt
    by_file: dict[str, set[str]] = {}
    for match in parsed:
        assert match
        by_file.setdefault(Path(match.group("path")).name, set()).add(match.group("code"))
        assert int(match.group("line")) >= 1
    run_logs = [p.name for p in (HEYREACH / "run-logs").glob("*.md") if p.name != "README.md"]
    assert len(run_logs) == 40
    # Non-conforming file names: 29 of the 40 (only 11 follow YYYY-MM-DD_HH-MM_mode-N.md).
    assert sum("RL101" in by_file.get(name, set()) for name in run_logs) == 29
    # No real log has a Token Usage section; each is reported as missing one.
    out_token = [line for line in lines if "missing section '## Token Usage'" in line]
    assert len(out_token) == 40
    # Other section names: "## Steps Taken" tables instead of "## Step N:" sections.
    assert "RL105" in by_file["2026-01-03_16-00_review-tagged-1.md"]
    assert "RL107" in by_file["2026-01-03_16-00_review-tagged-1.md"]
    # The README that ships the template is not a log.
    assert "README.md" not in by_file


def test_unusable_files_give_findings_not_tracebacks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    logs = tmp_path / "run-logs"
    logs.mkdir()
    (logs / "2026-01-01_10-00_empty-1.md").write_bytes(b"")
    (logs / "2026-01-01_10-00_latin-1.md").write_bytes("# Run Log: Caf\xe9\n**Started:** x\n".encode("latin-1"))
    (logs / "2026-01-01_10-00_binary-1.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (logs / "2026-01-01_10-00_utf16-1.md").write_bytes("# Run Log: x\n".encode("utf-16"))
    code, out, err = run_cli(["check", str(tmp_path)], capsys)
    assert code == 1 and "Traceback" not in out + err
    assert "empty-1.md:1:1: RL003 file is empty (empty-file)" in out
    assert "latin-1.md:1:1: RL001 file is not valid UTF-8 (byte 0xe9 at offset 14) (not-utf8)" in out
    assert "binary-1.md:1:1: RL002 file is binary (contains NUL bytes) (binary-file)" in out
    assert "utf16-1.md:1:1: RL001 file is UTF-16, not UTF-8 (not-utf8)" in out


def test_missing_path_is_a_one_line_error_with_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["check", "no/such/folder"], capsys)
    assert code == 2 and out == ""
    assert err == "runlog: no/such/folder: no such file or folder\n"


def test_bad_configuration_is_a_one_line_error_naming_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / ".runlog.yaml"
    config.write_text("rules:\n  RL105: warning\nbogus: 1\n", encoding="utf-8")
    code, out, err = run_cli(["check", "--config", str(config), str(tmp_path)], capsys)
    assert code == 2 and out == ""
    assert err.startswith(f"runlog: {config}:3: unknown key 'bogus'") and err.count("\n") == 1


def test_console_script_and_python_m_hooks_agree(tmp_path: Path) -> None:
    python = Path(sys.executable)
    first = subprocess.run([python, "-m", "hooks", "check", str(EXAMPLES / "drifted")], capture_output=True, text=True, check=False)
    second = subprocess.run([python.parent / "runlog", "check", str(EXAMPLES / "drifted")], capture_output=True, text=True, check=False)
    assert first.returncode == second.returncode == 1
    assert first.stdout == second.stdout and first.stdout.count("\n") > 5
