"""Error occurrences from every kind that records errors (hooks/structured/occurrences.py), read from the
parsed models: real-looking logs written here, and the shared heyreach folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hooks.config.loader import load_config
from hooks.engine.discovery import select_targets
from hooks.engine.patterns import find_patterns, read_occurrences
from hooks.kinds.loader import shipped_kinds
from hooks.model.document import parse
from hooks.model.error_patterns import Occurrence
from hooks.structured import parse_structured
from hooks.structured.occurrences import document_occurrences, structured_occurrences, timestamp_of
from tests.conftest import HEYREACH, run_cli

KINDS = {k.name: k for k in shipped_kinds()}

RUN_LOG = """# Run Log: Process Inbox
**Started:** 2026-02-11 08:15
**Mode:** 4
**Status:** Failed

## Step 1: Fetch unread threads
**Time:** 08:16
**Action:** List unread threads
**Result:** 25 threads

## Error: Thread dump unreadable
**Time:** 08:21
**Error:** `JSONDecodeError: Expecting value at char 5120`
**Context:** Reading the saved thread dump
**Resolution:** Parsed the wrapped form (ERR-002)

## Errors Encountered
| Time | Error | Context | Resolution |
|------|-------|---------|------------|
| 08:19 | `HTTP 429 Too Many Requests on batch 3` | Sending replies | Waited 60 s (ERR-004) |
| - | None | - | - |
| [HH:MM] | [Error message] | [What we were doing] | [PENDING/How it was fixed] |
| 08:40 | Send queue stalled | Sending replies | PENDING |

## Final Status
**Completed:** No
"""


def _doc_occurrences(name: str, text: str, kind: str) -> list[Occurrence]:
    return document_occurrences(parse(name, text), KINDS[kind])


def test_run_log_rows_and_error_entries_with_lines_timestamps_and_ids() -> None:
    found = _doc_occurrences("run-logs/2026-02-11_08-15_process-inbox-1.md", RUN_LOG, "run-log")
    assert [(o.line, o.timestamp, o.source, o.error_ids) for o in found] == [
        (11, "2026-02-11T08:21", "error-entry", ("ERR-002",)),
        (20, "2026-02-11T08:19", "errors-table", ("ERR-004",)),
        (23, "2026-02-11T08:40", "errors-table", ()),
    ]
    assert found[0].message == "`JSONDecodeError: Expecting value at char 5120`"
    assert found[1].message == "`HTTP 429 Too Many Requests on batch 3`" and found[2].message == "Send queue stalled"
    assert RUN_LOG.splitlines()[found[1].line - 1].startswith("| 08:19 |")


def test_execution_log_issues_and_contract_gaps_items() -> None:
    text = """# Execution Log: TASK-42

**Timestamp:** 2026-01-10T14:30:00Z
**ENV:** prod
**RISK:** medium
**STATE Transition:** PLAN → DRAFT

## Task
Publish the weekly digest

## Tools Used
- notion.search: 12 pages

## Outcome
Partial

## Issues
- Notion API returned 502 twice for page 7f3a9c21d4
- Digest template lacks a section for incidents

## Contract Gaps
None
"""
    found = _doc_occurrences("claude-executions/2026-01-10-task-42.md", text, "execution-log")
    assert [(o.line, o.message, o.timestamp) for o in found] == [
        (18, "Notion API returned 502 twice for page 7f3a9c21d4", "2026-01-10"),
        (19, "Digest template lacks a section for incidents", "2026-01-10"),
    ]


def test_exception_log_what_happened_and_root_cause() -> None:
    text = """# Exception: EXC-7

**Timestamp:** 2026-01-11T09:02:00Z
**Severity:** error
**ENV:** stage

## What Happened
The deploy tool timed out after 300 s
while waiting for the health check.

## Root Cause
Health endpoint moved to /v2/healthz.

## Contract Reference
Deploy contract, section 3

## Proposed Fix
Read the endpoint from config.

## Workaround Used
Manual check.
"""
    found = _doc_occurrences("claude-executions/exceptions/2026-01-11-exc-7.md", text, "exception-log")
    assert [(o.line, o.message) for o in found] == [
        (8, "The deploy tool timed out after 300 s while waiting for the health check."),
        (12, "Health endpoint moved to /v2/healthz."),
    ]


def test_registry_entries_message_first_seen_and_learnings_summary() -> None:
    registry = """# Registry

### ERR-001: Queue times out
| Field | Value |
|-------|-------|
| **ID** | ERR-001 |
| **Status** | OPEN |
| **First Seen** | 2026-02-10 08:15 |

**Error Message:**
```
TimeoutError: list_conversations took longer than 31 s
```
"""
    found = _doc_occurrences("training/error-registry.md", registry, "error-registry")
    assert found == [
        Occurrence("training/error-registry.md", 3, "2026-02-10T08:15", "TimeoutError: list_conversations took longer than 31 s",
                   ("ERR-001",), "registry-entry", "error-registry", "ERR-001")
    ]
    learnings = """# Errors

## [ERR-20260602-001] communication

**Logged**: 2026-06-02T20:00:00-03:00
**Status**: pending

### Summary
Progress notes were not updated for two sessions.
"""
    (entry,) = _doc_occurrences(".learnings/ERRORS.md", learnings, "learnings-errors")
    assert (entry.line, entry.message, entry.timestamp, entry.registry_id) == (
        3, "Progress notes were not updated for two sessions.", "2026-06-02T20:00:00-03:00", "ERR-20260602-001")


def test_failed_episode_steps_with_observation_and_timestamp(tmp_path: Path) -> None:
    steps = [
        {"tool": "cargo", "action": "Run the tests", "latency_ms": 8000, "success": True, "observation": "412 passed",
         "timestamp": "2026-04-16T11:00:05+00:00"},
        {"tool": "cargo", "action": "Run clippy", "latency_ms": 5200, "success": False,
         "observation": "3 import errors in memory-core/src/lib.rs", "timestamp": "2026-04-16T11:02:00+00:00"},
    ]
    path = tmp_path / ".memory-traces" / "20260416-002-fix.json"
    path.parent.mkdir()
    text = json.dumps({"episode_id": "e-2", "steps": steps}, indent=2)
    path.write_text(text, encoding="utf-8")
    model = parse_structured(KINDS["episode"], path, ".memory-traces/20260416-002-fix.json", text, 1 << 20)
    assert model is not None
    (found,) = structured_occurrences(model, KINDS["episode"])
    assert (found.message, found.timestamp, found.source) == ("3 import errors in memory-core/src/lib.rs", "2026-04-16T11:02:00+00:00", "episode-step")
    assert '"tool": "cargo"' in text.splitlines()[found.line]  # the record's opening brace is on the line before its first key


def test_failed_sprint_of_a_run_directory(tmp_path: Path) -> None:
    run = tmp_path / "runs" / "ghspec" / "00f2e0c9-4ce8-46d3-82f8-44bf6006aabd"
    for number, status in ((1, "completed"), (2, "failed")):
        sprint = run / f"sprint_{number:03d}"
        (sprint / "logs").mkdir(parents=True)
        data = {"sprint_number": number, "start_timestamp": f"2025-10-30T10:{number:02d}:00Z", "status": status}
        if status == "failed":
            data["error"] = "OpenAI API call failed: Max retries exceeded with url: /v1/chat/completions"
        (sprint / "metadata.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    (run / "summary").mkdir()
    (run / "summary" / "logs_summary.txt").write_text("Run ID: x\nStep 001: SUCCESS (duration: 45s)\nStep 002: FAILED (duration: 9s)\n", encoding="utf-8")
    config = load_config(None, tmp_path)
    files = [read_occurrences(t, config) for t in select_targets([str(tmp_path)], config, tmp_path)]
    found = sorted({o for f in files for o in f.occurrences}, key=lambda o: o.path)
    assert [(o.path, o.line, o.message, o.timestamp) for o in found] == [
        ("runs/ghspec/00f2e0c9-4ce8-46d3-82f8-44bf6006aabd/sprint_002/metadata.json", 5,
         "OpenAI API call failed: Max retries exceeded with url: /v1/chat/completions", "2025-10-30T10:02:00Z"),
        ("runs/ghspec/00f2e0c9-4ce8-46d3-82f8-44bf6006aabd/summary/logs_summary.txt", 3, "Step 2: FAILED", None),
    ]


def test_team_kind_error_table_by_section_title_and_by_option(tmp_path: Path) -> None:
    (tmp_path / "kinds").mkdir()
    (tmp_path / "kinds" / "standup.yaml").write_text(
        "name: standup\npaths: ['**/standups/*.md']\nsections:\n  - title: Failures Seen\n    columns: [When, What]\n"
        "options:\n  error-sections: [Blockers]\n",
        encoding="utf-8",
    )
    (tmp_path / ".runlog.yaml").write_text("kinds: [kinds/standup.yaml]\n", encoding="utf-8")
    (tmp_path / "standups").mkdir()
    (tmp_path / "standups" / "2026-05-04.md").write_text(
        "# Standup 2026-05-04\n\n## Failures Seen\n| When | What |\n|---|---|\n| 10:05 | Nightly export crashed on shard 4 |\n\n"
        "## Blockers\n- Staging database is read-only since 2026-05-03\n",
        encoding="utf-8",
    )
    config = load_config(None, tmp_path)
    (target,) = select_targets([str(tmp_path / "standups")], config, tmp_path)
    found = read_occurrences(target, config).occurrences
    assert [(o.line, o.timestamp, o.message) for o in found] == [
        (6, "2026-05-04T10:05", "Nightly export crashed on shard 4"),
        (9, "2026-05-04", "Staging database is read-only since 2026-05-03"),
    ]


def test_timestamp_of() -> None:
    assert timestamp_of("2026-01-03 14:41") == "2026-01-03T14:41"
    assert timestamp_of("14:41", "2026-01-03") == "2026-01-03T14:41"
    assert timestamp_of("-", "2026-01-03") == "2026-01-03"
    assert timestamp_of("soon") is None


def test_heyreach_err_001_and_err_003_fall_in_one_pattern_with_the_rows_citing_them(corpus: Path) -> None:
    patterns, files = find_patterns([str(HEYREACH)], load_config(None, HEYREACH), HEYREACH)
    assert files == 45  # 40 run logs, 4 session summaries, the registry (README.md is no log)
    (pattern,) = [p for p in patterns if "ERR-001" in p.registry_ids]
    # every message mined reads the same once its MCP_ERROR category and quotes are dropped, so
    # the signature is that text; the rows citing ERR-001/ERR-003 in other words joined by id
    assert pattern.signature == "No such tool available: mcp__heyreach__get_conversations_v2"
    assert pattern.registry_ids == ("ERR-001", "ERR-003") and pattern.registered == {"ERR-001", "ERR-003"}
    where = {(o.path, o.line) for o in pattern.occurrences}
    # both registry entries, the rows citing ERR-001 and ERR-003, and the log ERR-001 names
    assert {
        ("error-registry.md", 290), ("error-registry.md", 359),
        ("run-logs/2026-01-05_train-heyreach-1.md", 19),
        ("run-logs/2026-01-03_16-30_learn-jan-1.md", 19),
        ("run-logs/2026-01-08_19-43_process-MCP-ERROR.md", 21),
        ("run-logs/2026-01-03_14-41_process-1.md", 12),
    } <= where
    assert pattern.count == 10 and pattern.logs == 8
    assert (pattern.first_seen, pattern.last_seen) == ("2026-01-03", "2026-01-08")
    for occurrence in pattern.occurrences:
        line = (HEYREACH / occurrence.path).read_text(encoding="utf-8").splitlines()[occurrence.line - 1]
        assert line.startswith(("|", "###")), line


def test_cli_markdown_hand_off_and_filters(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(HEYREACH)
    out_file = tmp_path / "handoff.md"
    code, _, _ = run_cli(["patterns", ".", "--format", "markdown", "--output-file", str(out_file)], capsys)
    assert code == 0
    text = out_file.read_text(encoding="utf-8")
    assert text.startswith("# [HANDOFF] Recurring errors\n")
    assert "## Pattern 1: `No such tool available: mcp__heyreach__get_conversations_v2`" in text
    assert "- **Registry:** ERR-001, ERR-003" in text
    proposed = text.split("### Proposed change\n", 1)[1].split("###", 1)[0]
    assert proposed.strip() == ""  # left for a person to write
    link = text.split("### Evidence\n\n- [", 1)[1].split("](", 1)[1].split(")", 1)[0]
    assert (out_file.parent / link).resolve() == (HEYREACH / "error-registry.md").resolve()

    code, out, _ = run_cli(["patterns", ".", "--format", "json", "--since", "2026-01-06"], capsys)
    since = {p["signature"]: p for p in json.loads(out)["patterns"]}
    assert sorted(since) == ["404 NotFound", "No such tool available", "No such tool available: mcp__heyreach__get_conversations_v2"]
    top = since["No such tool available: mcp__heyreach__get_conversations_v2"]
    # registry entries are kept; of the logs, only errors dated on or after the day
    assert all(o["timestamp"] >= "2026-01-06" for o in top["occurrences"] if "error-registry" not in o["path"])
    assert top["count"] == 4

    code, out, _ = run_cli(["patterns", ".", "--format", "json", "--last", "1", "--min-count", "1"], capsys)
    paths = {o["path"] for p in json.loads(out)["patterns"] for o in p["occurrences"]}
    assert paths == {"error-registry.md"}  # the newest log (2026-01-12_process-6.md) records no error

    code, _, err = run_cli(["patterns", ".", "--since", "2026-13-01"], capsys)
    assert code == 2 and "expected a date YYYY-MM-DD" in err
    code, _, err = run_cli(["patterns", "no-such-folder"], capsys)
    assert code == 2 and "no-such-folder" in err and "Traceback" not in err


def test_a_registry_with_its_own_id_pattern_links_the_rows_citing_its_ids(tmp_path: Path) -> None:
    (tmp_path / ".runlog.yaml").write_text(
        "kind-overrides:\n  error-registry:\n    options:\n"
        "      entry-heading: '(?P<id>BUG-\\d{2,}):\\s*(?P<title>.+)'\n      id-pattern: 'BUG-\\d{2,}'\n",
        encoding="utf-8",
    )
    training = tmp_path / "training"
    (training / "run-logs").mkdir(parents=True)
    (training / "error-registry.md").write_text(
        "# Registry\n\n### BUG-12: Send queue stalls\n| Field | Value |\n|---|---|\n| **ID** | BUG-12 |\n| **First Seen** | 2026-02-01 |\n\n"
        "**Error Message:**\n```\nSend queue stalled after 40 messages\n```\n",
        encoding="utf-8",
    )
    (training / "run-logs" / "2026-02-11_08-15_process-inbox-1.md").write_text(RUN_LOG.replace("Send queue stalled", "Queue froze again, see BUG-12"), encoding="utf-8")
    patterns, _ = find_patterns([str(tmp_path)], load_config(None, tmp_path), tmp_path)
    (pattern,) = [p for p in patterns if "BUG-12" in p.registry_ids]
    assert [(o.path, o.line) for o in pattern.occurrences] == [
        ("training/error-registry.md", 3), ("training/run-logs/2026-02-11_08-15_process-inbox-1.md", 23)]
    assert pattern.signature == "Send queue stalled after 40 messages" and pattern.registered == {"BUG-12"}
