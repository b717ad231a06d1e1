"""A field's value does not follow its grammar or enumeration.

What it does:
    Checks each present field of the kind against its ``format`` (``YYYY-MM-DD HH:MM`` with
    a real calendar date, ``HH:MM``, ISO 8601, whole numbers, Yes/No), its ``enum`` (for
    run logs, Status is ``In Progress / Completed / Failed``, run-log-template.md) and its
    ``pattern``.

Why it matters:
    A Status of ``Completed (14 messages sent)`` or ``BLOCKED`` cannot be counted on the
    dashboard or matched against the error registry; a Started of ``Jan 7`` cannot be sorted.

Example:
    ``**Status:** FAILED - MCP_ERROR``; ``**Started:** 2026-13-01 09:00``.

How to fix:
    Use one of the allowed values (put details in the body), or extend the enumeration in
    your kind configuration.
"""

from __future__ import annotations

from collections.abc import Iterator

from hooks.finding import Severity
from hooks.kinds.kind import value_problem
from hooks.model.document import Document
from hooks.rules.base import Context, Problem, Rule
from hooks.rules.kind_match import kind_match
from hooks.rules.structure.missing_field import field_pool, find_field


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Yield one problem per present field whose value is invalid."""
    for spec in ctx.kind.fields:
        pool = field_pool(doc, spec)
        found = find_field(doc, spec, pool) if pool is not None else None
        if found is not None:
            message = value_problem(spec, found)
            if message:
                yield Problem(found.line, message)
    match = kind_match(doc, ctx.kind)
    for section_spec, sections in zip(ctx.kind.sections, match.by_stripped, strict=True):
        for section in sections[:1]:
            present = doc.fields_in(section)
            for spec in section_spec.fields:
                found = find_field(doc, spec, present)
                if found is not None:
                    message = value_problem(spec, found)
                    if message:
                        yield Problem(found.line, message)


RULE = Rule(code="RL104", name="invalid-field-value", severity=Severity.ERROR, doc=__doc__ or "", check=check)
