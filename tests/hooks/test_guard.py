"""``runlog guard`` through real git commits, with the hook installed by ``pre-commit install``.

The hook configuration is a ``repo: local`` hook (``language: system``) whose entry is the
``runlog`` of this venv, so the tests exercise the guard's own logic through real commits
without pre-commit building an environment.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import run_cli

REGISTRY = """# Order Sync Error Registry

> Last Updated: 2026-02-04
> Active Errors: 2 | Resolved: 1

## Active Errors (OPEN / IN_PROGRESS)

### ERR-003: Warehouse API rejects batch of 200
| Field | Value |
|-------|-------|
| **ID** | ERR-003 |
| **Status** | IN_PROGRESS |
| **Category** | API_ERROR |
| **Severity** | MEDIUM |
| **First Seen** | 2026-02-04 11:40 |
| **Resolved** | - |
| **Run Log** | `2026-02-04_11-30_SYNC-ORDERS-3.md` |

### ERR-002: Order export times out
| Field | Value |
|-------|-------|
| **ID** | ERR-002 |
| **Status** | OPEN |
| **Category** | API_ERROR |
| **Severity** | HIGH |
| **First Seen** | 2026-02-03 10:12 |
| **Resolved** | - |
| **Run Log** | [run log](./run-logs/2026-02-03_10-00_sync%2Dorders-2.md#errors-encountered) |

## Recently Resolved

### ERR-001: Currency field missing
| Field | Value |
|-------|-------|
| **ID** | ERR-001 |
| **Status** | RESOLVED |
| **Category** | DATA_ERROR |
| **Severity** | LOW |
| **First Seen** | 2026-02-01 09:05 |
| **Resolved** | 2026-02-01 09:30 |
| **Run Log** | `2026-02-01_09-00_sync-orders-1.md` |
"""

LOG = """# Run Log: Sync Orders
**Started:** {day} 10:00
**Mode:** 3
**Status:** {status}

## Step 1: Export orders
**Time:** 10:01
**Action:** Export the day's orders
**Result:** {result}

## Errors Encountered
| Time | Error | Context | Resolution |
|------|-------|---------|------------|
| 10:05 | {error} | Exporting orders | {resolution} |
"""

OPEN_LOG = "training/run-logs/2026-02-03_10-00_sync-orders-2.md"
PROGRESS_LOG = "training/run-logs/2026-02-04_11-30_sync-orders-3.md"
RESOLVED_LOG = "training/run-logs/2026-02-01_09-00_sync-orders-1.md"


def _git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False, env=env)


def _make_repo(root: Path) -> Path:
    """A repository holding the registry and three run logs, committed without hooks."""
    root.mkdir()
    for args in (("init", "-q", "-b", "main"), ("config", "user.name", "Test"), ("config", "user.email", "t@example.com"), ("config", "commit.gpgsign", "false")):
        _git(root, *args)
    logs = root / "training" / "run-logs"
    logs.mkdir(parents=True)
    (root / "training" / "error-registry.md").write_text(REGISTRY, encoding="utf-8")
    (root / RESOLVED_LOG).write_text(LOG.format(day="2026-02-01", status="Completed", result="ok", error="ERR-001 KeyError 'currency'", resolution="Fixed the mapping"), encoding="utf-8")
    (root / OPEN_LOG).write_text(LOG.format(day="2026-02-03", status="Failed", result="timed out", error="TimeoutError (ERR-002)", resolution="PENDING"), encoding="utf-8")
    (root / PROGRESS_LOG).write_text(LOG.format(day="2026-02-04", status="Failed", result="HTTP 413", error="413 (ERR-003)", resolution="PENDING"), encoding="utf-8")
    _git(root, "add", "-A")
    assert _git(root, "commit", "-q", "-m", "logs").returncode == 0
    return root


@pytest.fixture(scope="module")
def hooked_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], str]:
    """One repository with the guard installed by ``pre-commit install``; returns it, the env
    and the commit every test starts from (installing once keeps the module fast)."""
    base = tmp_path_factory.mktemp("guard")
    repo = _make_repo(base / "team")
    runlog = Path(sys.executable).parent / "runlog"
    (repo / ".pre-commit-config.yaml").write_text(
        "repos:\n  - repo: local\n    hooks:\n      - id: runlog-guard\n        name: runlog guard\n"
        f"        entry: {runlog} guard\n        language: system\n        always_run: true\n        pass_filenames: false\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PRE_COMMIT_HOME": str(base / "pre-commit-home"), "PRE_COMMIT_COLOR": "never"}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    installed = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo, capture_output=True, text=True, env=env, check=False)
    assert installed.returncode == 0, installed.stderr
    assert (repo / ".git" / "hooks" / "pre-commit").is_file()
    _git(repo, "add", ".pre-commit-config.yaml")
    assert _git(repo, "commit", "-q", "-m", "hooks", env=env).returncode == 0
    return repo, env, _git(repo, "rev-parse", "HEAD").stdout.strip()


@pytest.fixture
def hooked(hooked_repo: tuple[Path, dict[str, str], str]) -> Iterator[tuple[Path, dict[str, str]]]:
    """The hooked repository, put back to its starting commit after each test."""
    repo, env, start = hooked_repo
    yield repo, env
    _git(repo, "reset", "-q", "--hard", start)


def _commit(repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return _git(repo, "commit", "-m", "tidy logs", env=env)


@pytest.mark.parametrize("how", ["git rm", "git mv", "delete + add -A", "git rm --cached"])
def test_removing_a_log_linked_to_an_open_error_is_refused(hooked: tuple[Path, dict[str, str]], how: str) -> None:
    repo, env = hooked
    if how == "git rm":
        _git(repo, "rm", "-q", OPEN_LOG)
    elif how == "git mv":
        _git(repo, "mv", OPEN_LOG, "training/run-logs/2026-02-03_10-00_sync-orders-9.md")
    elif how == "delete + add -A":
        (repo / OPEN_LOG).unlink()
        _git(repo, "add", "-A")
    else:
        _git(repo, "rm", "-q", "--cached", OPEN_LOG)
    result = _commit(repo, env)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "ERR-002 (OPEN)" in output and OPEN_LOG in output
    assert OPEN_LOG in _git(repo, "ls-tree", "-r", "--name-only", "HEAD").stdout


def test_in_progress_entry_with_a_differently_cased_bare_name_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _make_repo(tmp_path / "team")
    _git(repo, "rm", "-q", PROGRESS_LOG)
    monkeypatch.chdir(repo)
    code, out, _ = run_cli(["guard"], capsys)
    assert code == 1 and "ERR-003 (IN_PROGRESS)" in out and PROGRESS_LOG in out


def test_the_same_deletion_passes_when_the_registry_is_updated(hooked: tuple[Path, dict[str, str]]) -> None:
    repo, env = hooked
    registry = repo / "training" / "error-registry.md"
    text = registry.read_text(encoding="utf-8").replace("| **Status** | OPEN |", "| **Status** | RESOLVED |")
    registry.write_text(text.replace("Active Errors: 2 | Resolved: 1", "Active Errors: 1 | Resolved: 2"), encoding="utf-8")
    _git(repo, "rm", "-q", OPEN_LOG)
    _git(repo, "add", "training/error-registry.md")
    result = _commit(repo, env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert OPEN_LOG not in _git(repo, "ls-files").stdout


def test_deleting_a_log_linked_only_to_resolved_errors_passes(hooked: tuple[Path, dict[str, str]]) -> None:
    repo, env = hooked
    _git(repo, "rm", "-q", RESOLVED_LOG)
    result = _commit(repo, env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_base_ref_and_push_range_judge_committed_deletions(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _make_repo(tmp_path / "ci")
    _git(repo, "mv", OPEN_LOG, "training/run-logs/renamed.md")
    assert _git(repo, "commit", "-q", "--no-verify", "-m", "rename").returncode == 0
    monkeypatch.chdir(repo / "training")
    code, out, _ = run_cli(["guard", "--base", "HEAD~1"], capsys)
    assert code == 1 and "renamed to training/run-logs/renamed.md" in out and "ERR-002" in out
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", _git(repo, "rev-parse", "HEAD~1").stdout.strip())
    monkeypatch.setenv("PRE_COMMIT_TO_REF", _git(repo, "rev-parse", "HEAD").stdout.strip())
    code, out, _ = run_cli(["guard"], capsys)
    assert code == 1 and "ERR-002 (OPEN)" in out
    code, _, err = run_cli(["guard", "--base", "no-such-branch"], capsys)
    assert code == 2 and "no-such-branch" in err


def test_outside_a_repository_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    code, _, err = run_cli(["guard"], capsys)
    assert code == 2 and "git repository" in err and "Traceback" not in err


def test_a_registry_blob_over_the_size_limit_is_not_parsed(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _make_repo(tmp_path / "big")
    (repo / ".runlog.yaml").write_text("max-file-bytes: 4096\n", encoding="utf-8")  # the registry is about 1.5 KB
    registry = repo / "training" / "error-registry.md"
    registry.write_text(REGISTRY + "\n" + "filler line of an old registry\n" * 200, encoding="utf-8")  # about 7.5 KB
    _git(repo, "add", "-A")
    assert _git(repo, "commit", "-q", "--no-verify", "-m", "big registry").returncode == 0
    _git(repo, "rm", "-q", OPEN_LOG)
    monkeypatch.chdir(repo)
    code, out, err = run_cli(["guard"], capsys)
    assert code == 0 and out == ""
    assert err.startswith("runlog guard: training/error-registry.md: ") and "over the limit of 4096 (max-file-bytes)" in err
    (repo / ".runlog.yaml").write_text("max-file-bytes: 1048576\n", encoding="utf-8")
    code, out, _ = run_cli(["guard"], capsys)
    assert code == 1 and "ERR-002" in out  # within the limit the same deletion is refused
