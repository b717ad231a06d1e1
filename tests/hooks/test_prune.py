"""``runlog prune`` on a generated 90-day folder: the dry-run list and ``--apply``."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from hooks.config.loader import load_config
from hooks.config.retention import RetentionPolicy, parse_retention
from hooks.errors import ConfigError
from tests.conftest import TODAY, run_cli

LOG = """# Run Log: Nightly Sync
**Started:** {day} 02:00
**Mode:** 3
**Status:** {status}
{extra}
## Step 1: Sync orders
**Time:** 02:01
**Action:** Sync the day's orders
**Result:** {result}

## Errors Encountered
| Time | Error | Context | Resolution |
|------|-------|---------|------------|
{row}

## Final Status
**Completed:** {completed}
"""

NO_ERROR = "| - | None | - | - |"

REGISTRY = """# Nightly Sync Error Registry

> Last Updated: {updated}
> Active Errors: 1 | Resolved: 1

### ERR-002: Warehouse API times out
| Field | Value |
|-------|-------|
| **ID** | ERR-002 |
| **Status** | OPEN |
| **Severity** | HIGH |
| **Run Log** | [log](./run-logs/{open_log}#errors-encountered) |

### ERR-001: Order currency missing
| Field | Value |
|-------|-------|
| **ID** | ERR-001 |
| **Status** | RESOLVED |
| **Severity** | LOW |
| **Run Log** | `{resolved_log}` |
"""


def _generate(root: Path) -> set[str]:
    """Write 90 daily run logs ending at TODAY (plus an archive) and return the eligible names.

    Every 7th day failed, every 11th is marked archived, day 50 holds ERR-002 (OPEN), day 60
    is linked from ERR-001 (RESOLVED) although it had no error (so it stays eligible), and
    day 45 is in training/archive/run-logs/.
    """
    logs = root / "training" / "run-logs"
    logs.mkdir(parents=True)
    (root / "training" / "archive" / "run-logs").mkdir(parents=True)
    eligible = set()
    open_log = resolved_log = ""
    for back in range(90):
        day = TODAY - dt.timedelta(days=back)
        name = f"{day.isoformat()}_02-00_nightly-sync-1.md"
        status, result, row, extra, completed = "Completed", "412 orders", NO_ERROR, "", "Yes"
        if back % 7 == 3:
            status, result, row, completed = "Failed", "stopped", "| 02:05 | HTTP 500 | Syncing | Retried next night |", "No"
        if back % 11 == 5:
            extra = "**Archived:** yes\n"
        if back == 50:
            status, result, row, completed = "Failed", "timed out", "| 02:03 | TimeoutError (ERR-002) | Syncing | PENDING |", "No"
            open_log = name
        if back == 60:
            resolved_log = name
        folder = root / "training" / "archive" / "run-logs" if back == 45 else logs
        (folder / name).write_text(LOG.format(day=day.isoformat(), status=status, extra=extra, result=result, row=row, completed=completed), encoding="utf-8")
        if back > 30 and status == "Completed" and not extra and back not in (45, 50):
            eligible.add(f"training/run-logs/{name}")
    (root / "training" / "error-registry.md").write_text(
        REGISTRY.format(updated=TODAY.isoformat(), open_log=open_log.upper(), resolved_log=resolved_log), encoding="utf-8"
    )
    return eligible


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


def test_dry_run_lists_exactly_the_eligible_logs_and_apply_removes_only_those(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "team"
    repo.mkdir()
    for args in (("init", "-q", "-b", "main"), ("config", "user.name", "Test"), ("config", "user.email", "t@example.com"), ("config", "commit.gpgsign", "false")):
        _git(repo, *args)
    eligible = _generate(repo)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "90 days of logs")
    monkeypatch.chdir(repo)
    before = set(_git(repo, "ls-files").split())

    code, out, _ = run_cli(["prune", "training", "--today", TODAY.isoformat(), "--verbose"], capsys)
    listed = {line.split()[2].rstrip(":") for line in out.splitlines() if line.startswith("would remove ")}
    assert code == 0
    assert listed == eligible
    assert f"{len(eligible)} of 90 run logs eligible for removal" in out
    assert set(_git(repo, "ls-files").split()) == before
    assert "linked to ERR-002 (OPEN)" in out
    assert "archived (**Archived:** yes)" in out and "archived (in an archive folder)" in out
    assert "within the 30-day minimum" in out and "not a routine successful run (Status: Failed)" in out

    code, out, _ = run_cli(["prune", "training", "--today", TODAY.isoformat(), "--apply"], capsys)
    assert code == 0
    staged = {line[2:].strip() for line in _git(repo, "status", "--porcelain").splitlines() if line.startswith("D ")}
    assert staged == eligible
    assert set(_git(repo, "ls-files").split()) == before - eligible
    assert not any((repo / p).exists() for p in eligible)


def test_keep_days_is_configurable_and_validated(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    _generate(tmp_path)
    (tmp_path / ".runlog.yaml").write_text("retention:\n  keep-days: 80\n  archive-folders: []\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli(["prune", "training", "--today", TODAY.isoformat()], capsys)
    days = sorted(int(line.split(", ")[-1].split()[0]) for line in out.splitlines() if line.startswith("would remove "))
    assert code == 0 and days and min(days) == 81 and max(days) == 89
    assert load_config(None, tmp_path).retention.keep_days == 80

    (tmp_path / ".runlog.yaml").write_text("retention:\n  keep-days: 7\n", encoding="utf-8")
    code, _, err = run_cli(["prune", "training"], capsys)
    assert code == 2 and ".runlog.yaml:1" in err and "keep-days" in err


def test_parse_retention_rejects_unknown_keys_and_keeps_defaults() -> None:
    assert parse_retention(None, "x") == RetentionPolicy()
    assert parse_retention({"archive-field": "Keep"}, "x").archive_field == "Keep"
    with pytest.raises(ConfigError, match="unknown key 'keep'"):
        parse_retention({"keep": 30}, "cfg.yaml", 3)


def test_apply_outside_git_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    _generate(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    code, _, err = run_cli(["prune", "training", "--today", TODAY.isoformat(), "--apply"], capsys)
    assert code == 2 and "git" in err and "Traceback" not in err
    assert len(list((tmp_path / "training").rglob("*.md"))) == 91
