"""A section's table is missing or its columns differ from the template.

What it does:
    For each section of the kind that requires a table (``Errors Encountered``: Time,
    Error, Context, Resolution; ``Token Usage``: Metric, Count; run-log-template.md), checks
    that the section holds a table and that its header names those columns in that order
    (case and emphasis ignored). Rows with a different number of cells are reported too.

Why it matters:
    The registry cross-check reads the Resolution column, and the cost check reads the
    Count column; a table with ``Time | Error | Resolution`` loses the context of the error.

Example:
    ``| Time | Error | Resolution |`` under ``## Errors Encountered``.

How to fix:
    Use the template's columns (add ``Context``), or declare your columns in the kind.
"""

from __future__ import annotations

from collections.abc import Iterator

from hooks.finding import Severity
from hooks.model.document import Document, count_cells, plain
from hooks.rules.base import Context, Problem, Rule
from hooks.rules.kind_match import kind_match


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Yield problems for a missing table, wrong header, or ragged rows."""
    for spec, sections in zip(ctx.kind.sections, kind_match(doc, ctx.kind).by_plain, strict=True):
        if not spec.columns:
            continue
        for section in sections[:1]:
            tables = doc.tables_in(section)
            if not tables:
                yield Problem(section.line, f"section '## {spec.title}' has no table (expected columns: {' | '.join(spec.columns)})")
                break
            table = tables[0]
            header = [plain(c).casefold() for c in table.header]
            if header != [c.casefold() for c in spec.columns]:
                yield Problem(
                    table.line,
                    f"table columns {' | '.join(plain(c) for c in table.header)} differ from the template: {' | '.join(spec.columns)}",
                )
            for row in table.rows:
                written = count_cells(doc.lines[row.line - 1])
                if written != len(table.header):
                    yield Problem(row.line, f"row has {written} cells, the header has {len(table.header)}")


RULE = Rule(code="RL107", name="table-columns", severity=Severity.ERROR, doc=__doc__ or "", check=check)
