"""The error registry model and rules RL201-RL212 on the heyreach registry, the .learnings
registries of the corpus and real-looking registries written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from hooks.config.loader import load_config
from hooks.engine.runner import check_paths
from hooks.finding import Finding
from hooks.kinds.loader import shipped_kinds
from hooks.kinds.registry_shape import entries_of, shape_of
from hooks.model.document import parse
from hooks.model.error_registry import link_candidates, names_path, resolve_reference
from tests.conftest import CORPUS, HEYREACH, TODAY

KINDS = {k.name: k for k in shipped_kinds()}


def _check(paths: list[Path], cwd: Path) -> list[Finding]:
    return check_paths([str(p) for p in paths], load_config(None, cwd), cwd=cwd, today=TODAY).findings


def _codes(findings: list[Finding], prefix: str = "RL2") -> set[tuple[str, int, str]]:
    return {(Path(f.path).name, f.line, f.code) for f in findings if f.code.startswith(prefix)}


def test_heyreach_registry_duplicate_error_stale_header_and_every_link_resolves(corpus: Path) -> None:
    registry = HEYREACH / "error-registry.md"
    doc = parse("error-registry.md", registry.read_text(encoding="utf-8"))
    entries = entries_of(doc, KINDS["error-registry"])
    assert [e.id for e in entries] == [f"ERR-{n:03d}" for n in range(9, 0, -1)]  # the fenced ERR-XXX template is no entry
    for entry in entries:
        for ref in entry.run_logs:
            found, reason = resolve_reference(ref.target, registry, HEYREACH, ("run-logs", "sessions"))
            assert found is not None and found.parent.name == "run-logs", (entry.id, ref.target, reason)

    findings = _check([HEYREACH], HEYREACH.parent)
    by_code = {f.code: f for f in findings if f.code.startswith("RL2")}
    assert "RL201" not in by_code
    duplicate = by_code["RL203"]
    assert duplicate.line == next(e.line for e in entries if e.id == "ERR-003") and "ERR-001" in duplicate.message
    stale = by_code["RL208"]
    assert stale.line == 3 and "Active Errors: 0" in stale.message and "2026-01-10_process-50.md" in stale.message
    # the registry's own figures agree with its nine RESOLVED entries, so RL205 stays silent
    assert "RL205" not in by_code
    unlisted = {(Path(f.path).name, f.message.split()[1].rstrip(",")) for f in findings if f.code == "RL211"}
    assert ("2026-01-08_19-43_process-MCP-ERROR.md", "ERR-003") in unlisted


REGISTRY = """# Support Bot Error Registry

> Last Updated: 2026-03-05
> Active Errors: 0 | Resolved: 4

### ERR-001: Reply template missing customer name
| Field | Value |
|-------|-------|
| **ID** | ERR-001 |
| **Status** | RESOLVED |
| **Severity** | MEDIUM |
| **Run Log** | `2026-03-01_09-00_draft-replies-1.md` |

**Error Message:**
```
KeyError: 'customer_name'
```

### ERR-002: Ticket search times out
| Field | Value |
|-------|-------|
| **ID** | ERR-002 |
| **Status** | OPEN |
| **Severity** | [CRITICAL/HIGH/MEDIUM/LOW] |
| **Run Log** | [log](./run-logs/2026-03-02_10-00_triage-queue-1.md#step-1) |

### ERR-002: Ticket search times out again
| Field | Value |
|-------|-------|
| **ID** | ERR-002 |
| **Status** | Fixed |
| **Severity** | HIGH |
| **Run Log** | `../../outside.md` |

### ERR-005: Template variable renamed
| Field | Value |
|-------|-------|
| **ID** | ERR-005 |
| **Status** | RESOLVED |
| **Severity** | LOW |
| **Run Log** | `2026-03-04_09-00_gone-1.md` |

**Error Message:**
```
KeyError:   'customer_name'
```

### ERR-004: Queue export truncated
| Field | Value |
|-------|-------|
| **ID** | ERR-004 |
| **Status** | OPEN |
| **Severity** | LOW |
| **Run Log** | `2026-03-04_10-00_export-1.md` |

## Error Template

```markdown
### ERR-XXX: [Short Title]
| **Status** | OPEN |
```
"""


def test_registry_rules_on_a_drifted_registry(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "outside.md").write_text("# not a log\n", encoding="utf-8")
    training = tmp_path / "repo" / "training"
    (training / "run-logs").mkdir(parents=True)
    (tmp_path / "repo" / ".git").mkdir()
    (training / "run-logs" / "2026-03-02_10-00_triage-queue-1.md").write_text("# Run Log: Triage\n", encoding="utf-8")
    (training / "error-registry.md").write_text(REGISTRY, encoding="utf-8")
    findings = [f for f in _check([training / "error-registry.md"], tmp_path / "repo") if f.code.startswith("RL2")]
    name = "error-registry.md"
    assert sorted((Path(f.path).name, f.line, f.code) for f in findings) == [
        (name, 4, "RL205"),  # Active Errors: 0 while two entries are OPEN
        (name, 4, "RL205"),  # Resolved: 4 while two entries are closed
        (name, 24, "RL207"),  # template placeholder severity
        (name, 27, "RL202"),  # second ERR-002
        (name, 31, "RL206"),  # Status Fixed
        (name, 33, "RL201"),  # ../../outside.md leaves the repository
        (name, 35, "RL203"),  # ERR-005 repeats ERR-001's message
        (name, 35, "RL204"),  # ERR-003 skipped
        (name, 48, "RL204"),  # ERR-004 after ERR-005 in an oldest-first registry
        (name, 54, "RL201"),  # OPEN ERR-004's log does not exist
    ]  # RESOLVED ERR-005's log was pruned: allowed (no RL201 on line 41); the fenced template is not read


def test_an_in_progress_entry_is_open_for_missing_log_links(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "training" / "run-logs").mkdir(parents=True)
    entry = """### {id}: {title}
| Field | Value |
|-------|-------|
| **ID** | {id} |
| **Status** | {status} |
| **Severity** | LOW |
| **Run Log** | `{log}` |

"""
    text = "# Error Registry\n\n" + "".join(
        entry.format(id=f"ERR-00{n}", title=title, status=status, log=f"2026-03-0{n}_09-00_gone-{n}.md")
        for n, title, status in [(1, "Closed long ago", "RESOLVED"), (2, "Being worked on", "IN_PROGRESS"), (3, "Not fixable", "WONTFIX")]
    )
    (tmp_path / "training" / "error-registry.md").write_text(text, encoding="utf-8")
    found = [(f.line, f.message) for f in _check([tmp_path / "training" / "error-registry.md"], tmp_path) if f.code == "RL201"]
    line = text.splitlines().index("| **Run Log** | `2026-03-02_09-00_gone-2.md` |") + 1
    assert found == [(line, "ERR-002 (IN_PROGRESS) links run log '2026-03-02_09-00_gone-2.md', which does not exist")]


def test_link_spellings_and_path_safety() -> None:
    registry = "training/error-registry.md"
    log = "training/run-logs/2026-03-02_10-00_triage-queue-1.md"
    for spelling in (
        "2026-03-02_10-00_triage-queue-1.md",
        "./run-logs/2026-03-02_10-00_triage-queue-1.md",
        "run-logs/2026-03-02_10-00_TRIAGE-queue-1.md#step-2",
        "run-logs/2026-03-02_10-00_triage%2Dqueue-1.md?plain=1",
        "<./run-logs/../run-logs/2026-03-02_10-00_triage-queue-1.md>",
    ):
        assert names_path(spelling, registry, log, ("run-logs", "sessions")), spelling
    assert not names_path("run-logs/2026-03-02_10-00_triage-queue-2.md", registry, log, ("run-logs",))
    for escape in ("../../../etc/passwd", "/etc/passwd", "C:/logs/a.md", "run-logs/../../../x.md"):
        assert link_candidates(escape, registry, ("run-logs",)) == ([], True), escape


def test_symlink_out_of_the_repository_is_outside_and_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("# secret\n", encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / "run-logs").mkdir(parents=True)
    (repo / "run-logs" / "escape.md").symlink_to(secret)
    registry = repo / "error-registry.md"
    registry.write_text("", encoding="utf-8")
    assert resolve_reference("run-logs/escape.md", registry, repo, ("run-logs",)) == (None, "outside")


def test_learnings_registries_of_the_corpus(corpus: Path) -> None:
    kind = KINDS["learnings-errors"]
    assert shape_of(kind).severity_field == "Priority"
    audiobook = CORPUS / "Allmight97__audiobook-boss" / ".learnings" / "ERRORS.md"
    entries = entries_of(parse("ERRORS.md", audiobook.read_text(encoding="utf-8")), kind)
    assert [e.id for e in entries][:2] == ["ERR-20260111-001", "ERR-20260111-002"]
    assert {e.status for e in entries} == {"PENDING"}
    assert not _codes(_check([audiobook.parent], audiobook.parent.parent))
    evolving = CORPUS / "ClovisChProgrammer__evolving-coder-public" / ".learnings"
    found = _check([evolving / "ERRORS.md"], evolving.parent)
    assert [(f.code, "ERR-20260602-001" in f.message) for f in found if f.code.startswith("RL2")] == [("RL204", True)]
    blog = CORPUS / "0xsolpi__blog-automation" / ".learnings"
    assert not _codes(_check([blog], blog.parent))  # no ids at all: no entries, nothing to check


def test_learnings_status_and_priority_outside_the_enumerations(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    learnings = tmp_path / ".learnings"
    learnings.mkdir()
    (learnings / "ERRORS.md").write_text(
        "# Errors\n\n## [ERR-20260301-001] pytest-collect\n\n**Logged**: 2026-03-01T10:00:00Z\n**Priority**: urgent\n"
        "**Status**: done\n\n### Summary\nCollection failed.\n\n## [ERR-20260301-002] ruff\n\n**Priority**: low\n**Status**: wont_fix\n",
        encoding="utf-8",
    )
    found = _codes(_check([learnings], tmp_path))
    assert found == {("ERRORS.md", 6, "RL207"), ("ERRORS.md", 7, "RL206")}


LOG = """# Run Log: Triage Queue
**Started:** {day} 10:00
**Mode:** 2
**Status:** Failed

## Step 1: Search tickets
**Result:** {result}

## Errors Encountered
| Time | Error | Context | Resolution |
|------|-------|---------|------------|
{rows}
"""

SMALL_REGISTRY = """# Error Registry

> Last Updated: 2026-03-02
> Active Errors: 1 | Resolved: 1

### ERR-001: Template variable missing
| Field | Value |
|-------|-------|
| **Status** | RESOLVED |
| **Severity** | LOW |
| **Run Log** | `2026-03-01_09-00_draft-1.md` |

### ERR-002: Search times out
| Field | Value |
|-------|-------|
| **Status** | OPEN |
| **Severity** | HIGH |
| **Run Log** | `2026-03-02_10-00_triage-1.md` |
"""


@pytest.fixture
def team(tmp_path: Path) -> Path:
    """A repository with a small registry and four logs relating to it in different ways."""
    (tmp_path / ".git").mkdir()
    logs = tmp_path / "training" / "run-logs"
    logs.mkdir(parents=True)
    (tmp_path / "training" / "error-registry.md").write_text(SMALL_REGISTRY, encoding="utf-8")
    rows = {
        "2026-03-01_09-00_draft-1.md": ("2026-03-01", "ok", "| 09:05 | KeyError (ERR-001) | Rendering | Fixed the template |"),
        "2026-03-02_10-00_triage-1.md": ("2026-03-02", "timeout", "| 10:06 | TimeoutError (ERR-002) | Searching | PENDING |"),
        "2026-03-03_10-00_triage-2.md": (
            "2026-03-03", "timeout again (ERR-002, ERR-009)",
            "| 10:04 | TimeoutError (ERR-001) | Searching | PENDING |\n| 10:09 | HTTP 502 | Searching | PENDING |",
        ),
        "2026-03-04_10-00_triage-3.md": ("2026-03-04", "ok", "| 10:02 | Timeout (ERR-002) | Searching | Fixed by paging |"),
    }
    for name, (day, result, row) in rows.items():
        (logs / name).write_text(LOG.format(day=day, result=result, rows=row), encoding="utf-8")
    return tmp_path


def test_cross_file_rules_relate_logs_to_the_registry(team: Path) -> None:
    found = _codes(_check([team / "training"], team))
    cross = {item for item in found if item[2] in {"RL208", "RL210", "RL211", "RL212"}}
    assert cross == {
        ("error-registry.md", 3, "RL208"),  # Last Updated 2026-03-02, errors recorded on 03-03 and 03-04
        ("2026-03-03_10-00_triage-2.md", 7, "RL210"),  # ERR-009 is not registered
        ("2026-03-03_10-00_triage-2.md", 7, "RL211"),  # cites ERR-002, not in its Run Log
        ("2026-03-03_10-00_triage-2.md", 12, "RL211"),  # cites ERR-001, not in its Run Log
        ("2026-03-03_10-00_triage-2.md", 12, "RL212"),  # PENDING but ERR-001 is RESOLVED
        ("2026-03-03_10-00_triage-2.md", 13, "RL212"),  # PENDING, no id
        ("2026-03-04_10-00_triage-3.md", 12, "RL211"),
        ("2026-03-04_10-00_triage-3.md", 12, "RL212"),  # says Fixed but ERR-002 is still OPEN
    }
