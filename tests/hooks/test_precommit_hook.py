"""This repository as a pre-commit hook repo, driven through real ``git`` and ``pre-commit``.

pre-commit clones this repository at its HEAD commit and installs it into its own virtual
environment, exactly as another team's repository would use it. The hook environment is
built once per test session.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

GOOD = """# Run Log: Sync Orders
**Started:** 2026-02-10 08:15
**Mode:** 3
**Status:** Completed

## Step 1: Pull new orders
**Time:** 08:16
**Action:** Pull orders
**Result:** 42 orders

## Errors Encountered
| Time | Error | Context | Resolution |
|------|-------|---------|------------|
| - | None | - | - |

## Final Status
**Completed:** Yes

## Token Usage
| Metric | Count |
|--------|-------|
| Input Tokens | 10,000 |
| Output Tokens | 2,000 |
| Total Tokens | 12,000 |
| Estimated Cost | $0.06 |

*Cost calculated at: Input $3/1M, Output $15/1M (Claude Sonnet 4.5)*
"""


def _git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=check)


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One PRE_COMMIT_HOME for the session, so the hook environment is installed once."""
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def hook_repo_head() -> str:
    """The commit of this repository that pre-commit will install."""
    if shutil.which("git") is None:
        pytest.fail("git is required")
    return _git(REPO, "rev-parse", "HEAD").stdout.strip()


def _hooked(tmp_path: Path, pre_commit_home: Path, hook_repo_head: str) -> tuple[Path, dict[str, str]]:
    """A new repository using this repository's runlog-check hook at ``hook_repo_head``,
    installed by ``pre-commit install``; returns it and the environment for commits."""
    work = tmp_path / "team"
    work.mkdir(exist_ok=True)
    _git(work, "init", "-q", "-b", "main")
    _git(work, "config", "user.name", "Test")
    _git(work, "config", "user.email", "test@example.com")
    _git(work, "config", "commit.gpgsign", "false")
    (work / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {REPO}\n    rev: {hook_repo_head}\n    hooks:\n      - id: runlog-check\n", encoding="utf-8"
    )
    env = {**os.environ, "PRE_COMMIT_HOME": str(pre_commit_home), "PRE_COMMIT_COLOR": "never"}
    env.pop("VIRTUAL_ENV", None)
    install = subprocess.run([Path(sys.executable).parent / "pre-commit", "install"], cwd=work, env=env, capture_output=True, text=True, check=False)
    assert install.returncode == 0, install.stderr
    return work, env


def test_broken_log_is_refused_and_the_corrected_log_commits(tmp_path: Path, pre_commit_home: Path, hook_repo_head: str) -> None:
    work, env = _hooked(tmp_path, pre_commit_home, hook_repo_head)
    _git(work, "add", ".pre-commit-config.yaml")
    first = subprocess.run(["git", "commit", "-q", "-m", "config"], cwd=work, env=env, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stdout + first.stderr

    log = work / "training" / "run-logs" / "2026-02-10_08-15_sync-orders-1.md"
    log.parent.mkdir(parents=True)
    log.write_text(GOOD.replace("| Total Tokens | 12,000 |", "| Total Tokens | 12,001 |"), encoding="utf-8")
    _git(work, "add", "-A")
    refused = subprocess.run(["git", "commit", "-m", "add run log"], cwd=work, env=env, capture_output=True, text=True, check=False)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    total_line = GOOD.splitlines().index("| Total Tokens | 12,000 |") + 1
    assert f"training/run-logs/2026-02-10_08-15_sync-orders-1.md:{total_line}:1: RL301 Total Tokens is 12,001" in output
    assert _git(work, "rev-list", "--count", "HEAD").stdout.strip() == "1"

    log.write_text(GOOD, encoding="utf-8")
    _git(work, "add", "-A")
    accepted = subprocess.run(["git", "commit", "-m", "add run log"], cwd=work, env=env, capture_output=True, text=True, check=False)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert _git(work, "rev-list", "--count", "HEAD").stdout.strip() == "2"


def test_one_commit_prints_one_summary_and_each_cross_file_finding_once(tmp_path: Path, pre_commit_home: Path, hook_repo_head: str) -> None:
    """require_serial: pre-commit hands every staged file to one runlog-check process (without it,
    pre-commit splits the files into one batch per CPU: two summaries, RL211 printed twice)."""
    work, env = _hooked(tmp_path, pre_commit_home, hook_repo_head)
    logs = work / "training" / "run-logs"
    logs.mkdir(parents=True)
    for day in range(1, 25):
        text = GOOD.replace("2026-02-10", f"2026-02-{day:02d}").replace("| - | None | - | - |", "| 08:20 | Timeout (ERR-001) | Pull | Retried |")
        (logs / f"2026-02-{day:02d}_08-15_sync-orders-1.md").write_text(text, encoding="utf-8")
    (work / "training" / "error-registry.md").write_text(
        "# Error Registry\n\n### ERR-001: Order pull times out\n| Field | Value |\n|-------|-------|\n| **ID** | ERR-001 |\n"
        "| **Status** | RESOLVED |\n| **Severity** | LOW |\n| **Run Log** | `2026-02-01_08-15_sync-orders-1.md` |\n",
        encoding="utf-8",
    )
    _git(work, "add", "-A")
    done = subprocess.run(["git", "commit", "-m", "logs"], cwd=work, env=env, capture_output=True, text=True, check=False)
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert len([line for line in output.splitlines() if line.startswith("Checked ")]) == 1, output
    rl211 = [line for line in output.splitlines() if " RL211 " in line]
    assert len(rl211) == len(set(rl211)) == 23  # every log but the one ERR-001 lists, once each


def test_adopting_with_init_and_a_baseline_lets_old_logs_be_edited(tmp_path: Path, pre_commit_home: Path, hook_repo_head: str) -> None:
    """runlog init --baseline on a drifting folder: a typo fix in an old log commits, a new
    broken log is refused (the hook honours the configuration's baseline)."""
    from tests.hooks.test_init import lab_note

    work = tmp_path / "team"
    notes = work / "notebook" / "lab-notes"
    notes.mkdir(parents=True)
    rnd = random.Random(3)
    for number in range(1, 13):
        name, text = lab_note(number, rnd, readings=number != 5)  # log 5 drifts: no Readings
        (notes / name).write_text(text, encoding="utf-8")
    work, env = _hooked(tmp_path, pre_commit_home, hook_repo_head)
    init = subprocess.run([Path(sys.executable).parent / "runlog", "init", "--yes", "--baseline"], cwd=work, capture_output=True, text=True, check=False)
    assert init.returncode == 0, init.stdout + init.stderr
    assert "Recorded 1 finding in .runlog-baseline.json" in init.stdout
    _git(work, "add", "-A")
    first = subprocess.run(["git", "commit", "-q", "-m", "adopt runlog"], cwd=work, env=env, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stdout + first.stderr

    old = next(p for p in notes.iterdir() if p.name.endswith("_cycle-05.md"))
    old.write_text(old.read_text(encoding="utf-8").replace(" reset.", " reset (typo fixed)."), encoding="utf-8")
    _git(work, "add", "-A")
    edited = subprocess.run(["git", "commit", "-m", "fix a typo in an old log"], cwd=work, env=env, capture_output=True, text=True, check=False)
    assert edited.returncode == 0, edited.stdout + edited.stderr

    name, text = lab_note(13, rnd, readings=False)
    (notes / name).write_text(text, encoding="utf-8")
    _git(work, "add", "-A")
    refused = subprocess.run(["git", "commit", "-m", "a new log without readings"], cwd=work, env=env, capture_output=True, text=True, check=False)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert f"notebook/lab-notes/{name}:1:1: RL105 missing section '## Readings'" in output
    assert _git(work, "rev-list", "--count", "HEAD").stdout.strip() == "2"
