"""``runlog new``: a new log of each markdown kind passes its own check, and never overwrites."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from hooks.commands.new import write_new_log
from hooks.config.loader import load_config
from hooks.engine.runner import check_paths
from hooks.errors import UsageError
from tests.conftest import TODAY, run_cli

NOW = dt.datetime.combine(TODAY, dt.time(9, 5))

CASES = [
    ("run-log", "training/run-logs", "review-tagged", "2026-11-20_09-05_review-tagged-1.md"),
    ("session-summary", "training/sessions", None, "2026-11-20-session-1.md"),
    ("execution-log", "logs/claude-executions", "TASK-7", "2026-11-20-TASK-7.md"),
    ("exception-log", "logs/claude-executions/exceptions", "notion-429", "2026-11-20-notion-429.md"),
]


@pytest.mark.parametrize(("kind_name", "folder", "slug", "expected"), CASES)
def test_new_log_passes_its_own_check(tmp_path: Path, kind_name: str, folder: str, slug: str | None, expected: str) -> None:
    config = load_config(None, tmp_path)
    kind = next(k for k in config.kinds if k.name == kind_name)
    path = write_new_log(kind, config, tmp_path / folder, NOW, slug)
    assert path.name == expected
    report = check_paths([str(path)], config, tmp_path, TODAY)
    assert report.files_checked == 1 and report.findings == []


def test_run_log_content_follows_the_template(tmp_path: Path) -> None:
    config = load_config(None, tmp_path)
    kind = next(k for k in config.kinds if k.name == "run-log")
    text = write_new_log(kind, config, tmp_path / "run-logs", NOW, "review-tagged").read_text(encoding="utf-8")
    assert text.startswith("# Run Log: Review Tagged\n**Started:** 2026-11-20 09:05\n**Mode:** 1\n**Status:** In Progress\n")
    assert "## Step 1: Describe the step\n**Time:** 09:05\n" in text
    assert "| Estimated Cost | $0.00 |" in text and "**Completed:** No" in text


def test_never_overwrites_and_picks_the_next_n(tmp_path: Path) -> None:
    config = load_config(None, tmp_path)
    kind = next(k for k in config.kinds if k.name == "run-log")
    folder = tmp_path / "run-logs"
    folder.mkdir()
    taken = folder / "2026-11-20_09-05_review-tagged-1.md"
    taken.write_text("# Run Log: mine\n", encoding="utf-8")
    (folder / "2026-11-20_07-00_review-tagged-3.md").write_text("# Run Log: earlier\n", encoding="utf-8")
    path = write_new_log(kind, config, folder, NOW, "review-tagged")
    assert path.name == "2026-11-20_09-05_review-tagged-4.md"
    assert taken.read_text(encoding="utf-8") == "# Run Log: mine\n"
    second = write_new_log(kind, config, folder, NOW, "review-tagged")
    assert second.name == "2026-11-20_09-05_review-tagged-5.md"
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_name_without_n_gets_a_suffix(tmp_path: Path) -> None:
    config = load_config(None, tmp_path)
    kind = next(k for k in config.kinds if k.name == "execution-log")
    folder = tmp_path / "claude-executions"
    first = write_new_log(kind, config, folder, NOW, "deploy-9")
    second = write_new_log(kind, config, folder, NOW, "deploy-9")
    assert (first.name, second.name) == ("2026-11-20-deploy-9.md", "2026-11-20-deploy-9-2.md")


def test_mode_is_required_when_the_name_has_one(tmp_path: Path) -> None:
    config = load_config(None, tmp_path)
    kind = next(k for k in config.kinds if k.name == "run-log")
    with pytest.raises(UsageError, match="give --mode"):
        write_new_log(kind, config, tmp_path, NOW, None)


def test_cli_new(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(["new", "run-log", "--mode", "process", "--now", "2026-11-20 09:05"], capsys)
    assert code == 0, err
    assert out == "run-logs/2026-11-20_09-05_process-1.md\n" and err == ""
    code, out, err = run_cli(["new", "run-log", "--mode", "Bad Mode", "--now", "2026-11-20 09:05"], capsys)
    assert code == 2 and "does not know the mode 'Bad Mode'" in err and err.count("\n") == 1
    code, _, err = run_cli(["new", "run-log", "--mode", "processing"], capsys)
    assert code == 2 and "does not know the mode 'processing': did you mean 'process'?" in err
    assert sorted(p.name for p in (tmp_path / "run-logs").iterdir()) == ["2026-11-20_09-05_process-1.md"]
    code, _, err = run_cli(["new", "nightly-log"], capsys)
    assert code == 2 and "unknown kind 'nightly-log'" in err
    code, _, err = run_cli(["new", "run-log", "--mode", "process", "--now", "yesterday"], capsys)
    assert code == 2 and "--now 'yesterday'" in err


def test_new_writes_into_the_folder_that_holds_the_kinds_logs(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    logs = tmp_path / "training" / "run-logs"
    logs.mkdir(parents=True)
    (logs / "2026-11-19_10-00_process-1.md").write_text("# Run Log: Process\n", encoding="utf-8")
    (tmp_path / "notes").mkdir()
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(["new", "run-log", "--mode", "process", "--now", "2026-11-20 09:05"], capsys)
    assert code == 0, err
    assert out == "training/run-logs/2026-11-20_09-05_process-1.md\n"
    assert not (tmp_path / "run-logs").exists()


def test_new_log_of_an_inferred_kind_passes_its_check(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.hooks.test_init import write_lab_notes

    write_lab_notes(tmp_path / "repo", count=9)
    monkeypatch.chdir(tmp_path / "repo")
    assert run_cli(["init", "--yes"], capsys)[0] == 0
    code, out, err = run_cli(["new", "lab-notes", "--now", "2026-11-20 09:05"], capsys)
    assert code == 0, err
    assert out == "lab-notes/2026-11-20_cycle-1.md\n" and err == ""  # N counts per day, as for run logs
    written = (tmp_path / "repo" / out.strip()).read_text(encoding="utf-8")
    assert written.startswith("# Cycle 1: ")
    code, out, _ = run_cli(["check", "--no-cache", "lab-notes/2026-11-20_cycle-1.md"], capsys)
    assert code == 0, out
