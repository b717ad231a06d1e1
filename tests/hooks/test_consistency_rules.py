"""Consistency rules RL110-RL115 on real-looking run logs, sessions and execution logs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from hooks.config.loader import load_config
from hooks.engine.runner import check_paths
from tests.conftest import HEYREACH, TODAY, run_cli

CLEAN = """# Run Log: Review Tagged Conversations
**Started:** {started}
**Mode:** 1 - Review Tagged Conversations
**Status:** {status}

---

## Step 1: Fetch tagged conversations
**Time:** {t1}
**Action:** Fetch seen conversations with quality tags
**API Call:** `get_conversations_v2(seen=true, limit=25, offset=0)`
**Result:** 25 conversations returned, 3 with quality tags

---

## Step 2: Compare with the knowledge base
**Time:** {t2}
**Action:** Compare each tagged reply with knowledge-base.md
**Result:** 2 replies used the wrong template

---

## Step 3: Update edge cases
**Time:** {t3}
**Action:** Add EC-051 to edge-cases.md
**Result:** Added

---

## Errors Encountered
| Time | Error | Context | Resolution |
|------|-------|---------|------------|
| {t2} | Response too large | Parsing saved JSON | Used wrapped JSON parsing |

---

## Final Status
**Completed:** {completed}
**Conversations Processed:** 25
**Changes Made:** EC-051 added
**Issues to Address:** None

---

## Token Usage
| Metric | Count |
|--------|-------|
| Input Tokens | 120,000 |
| Output Tokens | 8,000 |
| Total Tokens | 128,000 |
| Estimated Cost | $0.80 |

*Cost calculated at: Input $5/1M, Output $25/1M (Claude Opus 4.5)*
"""
DEFAULTS = {"started": "2026-11-19 14:30", "status": "Completed", "t1": "14:32", "t2": "14:40", "t3": "14:55", "completed": "Yes"}


def _check(tmp_path: Path, name: str = "2026-11-19_14-30_review-tagged-1.md", today: dt.date = TODAY, **values: str) -> list[tuple[int, str, str]]:
    folder = tmp_path / "training" / "run-logs"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(CLEAN.format(**{**DEFAULTS, **values}), encoding="utf-8")
    report = check_paths([str(folder / name)], load_config(None, tmp_path), tmp_path, today)
    return [(f.line, f.code, f.message) for f in report.findings]


def _codes(findings: list[tuple[int, str, str]]) -> list[tuple[int, str]]:
    return [(line, code) for line, code, _ in findings]


def test_clean_log_has_no_findings(tmp_path: Path) -> None:
    assert _check(tmp_path) == []


def test_step_time_going_backwards_is_reported_once(tmp_path: Path) -> None:
    found = _check(tmp_path, t2="14:05")
    assert _codes(found) == [(17, "RL110")]
    assert "14:05 is earlier than the previous step's 14:32 (line 9)" in found[0][2]


def test_step_before_started_is_reported(tmp_path: Path) -> None:
    found = _check(tmp_path, t1="14:10")
    assert _codes(found) == [(9, "RL110")]
    assert "earlier than Started 14:30 (line 2)" in found[0][2]


def test_run_past_midnight_is_not_backwards(tmp_path: Path) -> None:
    name = "2026-11-19_23-50_review-tagged-1.md"
    assert _check(tmp_path, name=name, started="2026-11-19 23:50", t1="23:55", t2="00:10", t3="00:20") == []


@pytest.mark.parametrize(
    ("status", "completed", "expected"),
    [("Completed", "No - Blocked by MCP error", [(4, "RL111")]), ("Failed", "Yes", [(4, "RL111")]),
     ("In Progress", "Yes", [(4, "RL111")]), ("Failed", "No", []), ("FAILED - MCP_ERROR", "No", [(4, "RL104")])],
)
def test_status_agrees_with_final_status(tmp_path: Path, status: str, completed: str, expected: list[tuple[int, str]]) -> None:
    assert _codes(_check(tmp_path, status=status, completed=completed)) == expected


def test_file_name_time_differs_from_started(tmp_path: Path) -> None:
    found = _check(tmp_path, name="2026-11-19_16-00_review-tagged-1.md")
    assert _codes(found) == [(2, "RL112")]
    assert found[0][2] == "file name says 2026-11-19 16:00 but Started is 2026-11-19 14:30"


def test_file_name_date_differs_from_started(tmp_path: Path) -> None:
    assert _codes(_check(tmp_path, name="2026-11-18_14-30_review-tagged-1.md")) == [(2, "RL112")]


def test_unknown_mode_suggests_the_closest(tmp_path: Path) -> None:
    found = _check(tmp_path, name="2026-11-19_14-30_reveiw-tagged-1.md")
    assert _codes(found) == [(1, "RL113")]
    assert "did you mean 'review-tagged'" in found[0][2]


def test_mode_named_by_the_title_is_known(tmp_path: Path) -> None:
    assert _check(tmp_path, name="2026-11-19_14-30_review-tagged-conversations-1.md") == []


def test_in_progress_log_older_than_a_day_is_abandoned(tmp_path: Path) -> None:
    found = _check(tmp_path, status="In Progress", completed="No", today=dt.date(2026, 11, 21))
    assert _codes(found) == [(4, "RL114")]
    # started 2026-11-19 14:30; "now" is the start of 2026-11-20: under 24 hours, not reported
    assert _check(tmp_path, status="In Progress", completed="No", today=dt.date(2026, 11, 20)) == []


def test_abandoned_age_is_configurable(tmp_path: Path) -> None:
    (tmp_path / ".runlog.yaml").write_text("rule-options:\n  abandoned-in-progress-log: {max-age-hours: 4}\n", encoding="utf-8")
    assert _codes(_check(tmp_path, status="In Progress", completed="No", today=dt.date(2026, 11, 20))) == [(4, "RL114")]


def test_heyreach_consistency_findings_are_the_ones_a_reader_expects(tmp_path: Path) -> None:
    report = check_paths([str(HEYREACH)], load_config(None, tmp_path), tmp_path, TODAY)
    mine = sorted((f.path.rsplit("/", 1)[-1], f.line, f.code) for f in report.findings if "RL110" <= f.code <= "RL199")
    # The one log left "In Progress" (2026-01-03, MCP tools unavailable) is abandoned; no
    # header contradicts its Final Status, no name contradicts Started, every mode is known.
    assert mine == [("2026-01-03_mode2-learn-jan.md", 4, "RL114")]
    assert not any("crashed" in f.message for f in report.findings)
    assert report.files_checked == 45


def test_session_summary_date_must_match_its_name(tmp_path: Path) -> None:
    folder = tmp_path / "training" / "sessions"
    folder.mkdir(parents=True)
    text = "# Training Session - 2026-01-03 (Session 1)\n\n## Session Info\n- **Date:** 2026-01-04\n- **Mode:** Initial Setup\n\n## Summary\nBaseline set.\n"
    (folder / "2026-01-03-session-1.md").write_text(text, encoding="utf-8")
    report = check_paths([str(folder)], load_config(None, tmp_path), tmp_path, TODAY)
    assert [(f.line, f.code) for f in report.findings] == [(4, "RL112")]


def test_cli_check_reports_consistency_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    _check(tmp_path, t2="14:05")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli(["check", "--no-cache", "training"], capsys)
    assert code == 1 and "RL110" in out and "step-time-backwards" in out
