"""The document model: fields in both forms, sections, tables, fences, line numbers."""

from __future__ import annotations

import pytest

from hooks.model.document import count_cells, parse
from hooks.model.error_registry import parse_registry
from hooks.parse.markdown import repair_nested_fences
from tests.conftest import HEYREACH

LOG = """# Run Log: Review Tagged
**Started:** 2026-01-03 16:00
**Mode:** 1 - Review Tagged Conversations
**Status:** Completed

## Step 1: Fetch
**Time:** 16:01
- Tool: get_conversations_v2

```markdown
## Token Usage
**Started:** not a field
```

## Errors Encountered
| Time | Error | Context | Resolution |
|------|-------|---------|------------|
| 16:01 | `a \\| b` | fetching | PENDING |
"""


def test_header_fields_come_from_the_lines_before_the_first_h2() -> None:
    doc = parse("x.md", LOG)
    assert [(f.key, f.value, f.line) for f in doc.header_fields] == [
        ("Started", "2026-01-03 16:00", 2),
        ("Mode", "1 - Review Tagged Conversations", 3),
        ("Status", "Completed", 4),
    ]
    assert doc.title == "Run Log: Review Tagged" and doc.title_line == 1


def test_bullet_fields_and_section_attribution() -> None:
    doc = parse("x.md", LOG)
    tool = next(f for f in doc.fields if f.key == "Tool")
    assert (tool.value, tool.line, tool.section, tool.bullet) == ("get_conversations_v2", 8, "Step 1: Fetch", True)


def test_fenced_template_is_not_live_content() -> None:
    doc = parse("x.md", LOG)
    assert [s.title for s in doc.sections] == ["Run Log: Review Tagged", "Step 1: Fetch", "Errors Encountered"]
    assert not any(f.value == "not a field" for f in doc.fields)
    assert doc.in_fence(11) and not doc.in_fence(15)


def test_tables_keep_source_lines_and_escaped_pipes() -> None:
    doc = parse("x.md", LOG)
    (table,) = doc.tables
    assert table.header == ("Time", "Error", "Context", "Resolution")
    assert table.line == 16 and table.section == "Errors Encountered"
    assert table.rows[0].line == 18
    assert table.rows[0].cells[3] == "PENDING"
    assert count_cells(doc.lines[17]) == 4


def test_crlf_and_cr_line_endings_give_the_same_lines() -> None:
    lf = parse("x.md", LOG)
    assert parse("x.md", LOG.replace("\n", "\r\n")).header_fields == lf.header_fields
    assert parse("x.md", LOG.replace("\n", "\r")).tables == lf.tables


def test_nested_fence_repair_keeps_an_inner_fence_inside_the_template() -> None:
    lines = ["```markdown", "### ERR-XXX: t", "**Error:**", "```json", "{}", "```", "more", "```", "## After"]
    repaired = repair_nested_fences(lines)
    assert repaired[0] == "````markdown" and repaired[7] == "````"
    doc = parse("r.md", "\n".join(lines))
    assert [s.title for s in doc.sections] == ["After"]


def test_heyreach_registry_template_inside_nested_fences_is_not_an_entry() -> None:
    text = (HEYREACH / "error-registry.md").read_text(encoding="utf-8")
    doc = parse("error-registry.md", text)
    ids = [e.id for e in parse_registry(doc)]
    assert "ERR-XXX" not in " ".join(ids)
    assert ids.count("ERR-003") == 1 and len(ids) == 9
    # The sections after the template are live again.
    assert {"Statistics", "Known Issues & Workarounds"} <= {s.title for s in doc.sections}
    assert doc.in_fence(400) and doc.in_fence(420)


def test_heyreach_registry_run_log_references() -> None:
    doc = parse("error-registry.md", (HEYREACH / "error-registry.md").read_text(encoding="utf-8"))
    entries = {e.id: e for e in parse_registry(doc)}
    assert [r.target for r in entries["ERR-009"].run_logs] == ["2026-01-08_troubleshoot-1.md"]
    assert entries["ERR-009"].status == "RESOLVED"


@pytest.mark.parametrize(
    ("text", "sections", "table_rows", "fenced_line", "lines"),
    [
        ("", [], [], None, 1),
        ("\x00\x01", [], [], None, 1),
        ("[" * 5000, [], [], None, 1),
        ("```\nunterminated", [], [], 2, 2),  # an unclosed fence runs to the end
        ("|a|\n|-|\n" + "|x|\n" * 50, [], [50], None, 53),
        ("# \n## \n", [("", 1), ("", 2)], [], None, 3),
    ],
)
def test_odd_text_parses_into_what_it_holds(text: str, sections: list[tuple[str, int]], table_rows: list[int], fenced_line: int | None, lines: int) -> None:
    doc = parse("odd.md", text)
    assert [(s.title, s.level) for s in doc.sections] == sections
    assert [len(t.rows) for t in doc.tables] == table_rows
    assert len(doc.lines) == lines
    assert doc.title == (sections[0][0] if sections and sections[0][1] == 1 else None)
    if fenced_line is not None:
        assert doc.in_fence(fenced_line)
