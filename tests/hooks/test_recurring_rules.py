"""RL213 unregistered-recurring-error and RL214 registry-entries-same-pattern on real-looking
team folders written here."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from hooks.config.loader import RunOptions, load_config
from hooks.engine.runner import CACHE_MIN_FILES, check_paths
from hooks.finding import Finding
from hooks.kinds.loader import shipped_kinds
from hooks.model.document import parse
from hooks.model.error_registry import LogFacts, log_facts
from hooks.structured.occurrences import document_occurrences
from tests.conftest import TODAY

ENTRY = """### {id}: {title}
| Field | Value |
|-------|-------|
| **ID** | {id} |
| **Status** | OPEN |
| **Category** | API_ERROR |
| **Severity** | MEDIUM |
| **First Seen** | {seen} |
| **Resolved** | - |
| **Run Log** | `{log}` |

**Error Message:**
```
{message}
```

"""


def _registry(entries: list[tuple[str, str, str, str, str]]) -> str:
    body = "".join(ENTRY.format(id=i, title=t, seen=s, log=lg, message=m) for i, t, s, lg, m in entries)
    return f"# Outreach Error Registry\n\n> Last Updated: 2026-03-09\n> Active Errors: {len(entries)} | Resolved: 0\n\n## Error Log\n\n{body}"


def _day(day: int) -> str:
    return (dt.date(2026, 3, 1) + dt.timedelta(days=day - 1)).isoformat()


def _log(day: int, message: str) -> str:
    return (
        f"# Run Log: Process Inbox\n**Started:** {_day(day)} 09:00\n**Mode:** 4\n**Status:** Completed\n\n"
        "## Step 1: Send replies\n**Time:** 09:01\n**Action:** Send\n**Result:** Sent\n\n"
        "## Errors Encountered\n| Time | Error | Context | Resolution |\n|------|-------|---------|------------|\n"
        f"| 09:07 | {message} | Sending replies | Waited 60 s |\n"
    )


def _folder(root: Path, messages: list[str], entries: list[tuple[str, str, str, str, str]], config: str = "") -> Path:
    logs = root / "training" / "run-logs"
    logs.mkdir(parents=True)
    for day, message in enumerate(messages, 1):
        (logs / f"{_day(day)}_09-00_process-{day}.md").write_text(_log(day, message), encoding="utf-8")
    (root / "training" / "error-registry.md").write_text(_registry(entries), encoding="utf-8")
    if config:
        (root / ".runlog.yaml").write_text(config, encoding="utf-8")
    return root


def _findings(root: Path, code: str) -> list[Finding]:
    report = check_paths([str(root)], load_config(None, root), cwd=root, today=TODAY)
    return [f for f in report.findings if f.code == code]


RATE = ["HTTP 429 Too Many Requests on batch 3", "HTTP 429 Too Many Requests on batch 17", "HTTP 429 Too Many Requests on batch 2"]
KNOWN = ("ERR-001", "Intro template misses a name", "2026-03-01 09:07", "2026-03-01_09-00_process-1.md", "KeyError: 'first_name' in template intro-4")


def test_rl213_flags_the_latest_of_three_logs_repeating_an_unregistered_error(tmp_path: Path) -> None:
    root = _folder(tmp_path, RATE, [KNOWN])
    (finding,) = _findings(root, "RL213")
    assert (finding.path, finding.line) == ("training/run-logs/2026-03-03_09-00_process-3.md", 14)  # the row's line
    assert finding.name == "unregistered-recurring-error"
    assert "'HTTP <*> Too Many Requests on batch <*>' recurs in 3 logs (2026-03-01 to 2026-03-03)" in finding.message
    assert "training/error-registry.md" in finding.message


def test_rl213_quiet_below_the_threshold_once_registered_and_for_one_offs(tmp_path: Path) -> None:
    assert _findings(_folder(tmp_path / "two", RATE[:2], [KNOWN]), "RL213") == []
    registered = (*KNOWN[:4], "HTTP 429 Too Many Requests on batch 9")
    assert _findings(_folder(tmp_path / "registered", RATE, [("ERR-001", "Rate limit", *registered[2:])]), "RL213") == []
    cited = [f"{m} (ERR-001)" for m in RATE]
    assert _findings(_folder(tmp_path / "cited", cited, [KNOWN]), "RL213") == []
    unrelated = ["ValueError: bad checksum value", "ValueError: empty header row", "ValueError: unknown column name"]
    assert _findings(_folder(tmp_path / "one-offs", unrelated, [KNOWN]), "RL213") == []


def test_rl213_threshold_is_a_rule_option(tmp_path: Path) -> None:
    root = _folder(tmp_path, RATE[:2], [KNOWN], "rule-options:\n  RL213: {min-logs: 2}\n")
    (finding,) = _findings(root, "RL213")
    assert "recurs in 2 logs" in finding.message


def test_rl214_flags_later_entries_of_one_pattern_and_leaves_identical_ones_to_rl203(tmp_path: Path) -> None:
    entries = [
        ("ERR-001", "Queue times out", "2026-03-01", "2026-03-01_09-00_process-1.md", "TimeoutError: list_conversations took longer than 31 s"),
        ("ERR-002", "Queue times out again", "2026-03-02", "2026-03-02_09-00_process-2.md", "TimeoutError: list_conversations took longer than 45 s"),
        ("ERR-003", "Queue times out once more", "2026-03-03", "2026-03-03_09-00_process-3.md", "TimeoutError: list_conversations took longer than 31 s"),
        ("ERR-004", "Unknown tag", "2026-03-03", "2026-03-03_09-00_process-3.md", "ValueError: unknown tag 'Hot Lead'"),
    ]
    root = _folder(tmp_path, ["Send queue stalled", "Draft was empty", "Reply bounced"], entries)
    same_pattern = _findings(root, "RL214")
    heading = (root / "training" / "error-registry.md").read_text(encoding="utf-8").splitlines().index("### ERR-002: Queue times out again") + 1
    assert [(f.path, f.line) for f in same_pattern] == [("training/error-registry.md", heading)]
    assert same_pattern[0].message.startswith("ERR-002 records an error of the same pattern as ERR-001 ('TimeoutError: list_conversations took longer than <*>')")
    identical = _findings(root, "RL203")
    assert [f.message.split()[0] for f in identical] == ["ERR-003"]


def test_rl213_holds_on_a_warm_cache_after_an_unrelated_log_changes(tmp_path: Path) -> None:
    quiet = ["None"] * CACHE_MIN_FILES  # logs without errors, enough files for the check to use its cache
    root = _folder(tmp_path, RATE + quiet, [KNOWN])
    cached = replace(load_config(None, root), run=RunOptions(jobs=1, cache=True))
    first = check_paths([str(root)], cached, cwd=root, today=TODAY)
    assert first.cache_hits == 0
    extra = root / "training" / "run-logs" / f"{_day(99)}_09-00_process-99.md"
    extra.write_text(_log(99, "Send queue stalled"), encoding="utf-8")
    second = check_paths([str(root)], cached, cwd=root, today=TODAY)
    # every log but the new one came from the cache (registries never do: hooks/engine/cache.py)
    assert second.cache_hits == first.files_checked - 1
    rl213 = [[(f.path, f.line) for f in r.findings if f.code == "RL213"] for r in (first, second)]
    assert rl213[0] == rl213[1] == [("training/run-logs/2026-03-03_09-00_process-3.md", 14)]


def test_log_facts_carry_occurrences_through_to_data() -> None:
    kind = next(k for k in shipped_kinds() if k.name == "run-log")
    doc = parse("training/run-logs/2026-03-02_09-00_process-2.md", _log(2, "HTTP 429 Too Many Requests on batch 17 (ERR-004)"))
    facts = log_facts(doc, "2026-03-02_09-00_process-2.md", (r"ERR-\d{3,}",))
    full = replace(facts, occurrences=tuple(document_occurrences(doc, kind)))
    assert [(o.line, o.error_ids, o.timestamp) for o in full.occurrences] == [(14, ("ERR-004",), "2026-03-02T09:07")]
    assert LogFacts.from_data(full.to_data()) == full
    assert LogFacts.from_data(full.to_data()[:4]) == facts  # data written before occurrences existed
