"""The document model: fields in both forms, sections, tables, fences, line numbers."""

from __future__ import annotations

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


def test_parse_never_raises_on_odd_text() -> None:
    for text in ["", "\x00\x01", "[" * 5000, "```\nunterminated", "|a|\n|-|\n" + "|x|\n" * 50, "# \n## \n"]:
        parse("odd.md", text)
