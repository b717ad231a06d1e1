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

from hooks.document import Document, Field, plain
from hooks.finding import Severity
from hooks.kinds import FieldSpec
from hooks.rules.base import Context, Problem, Rule
from hooks.rules.missing_field import field_pool, find_field
from hooks.textio import safe
from hooks.values import check_value


def value_problem(spec: FieldSpec, field: Field) -> str | None:
    """The message for ``field`` not meeting ``spec``, or ``None`` when it does."""
    value = plain(field.value)
    if spec.enum and value.casefold() not in {e.casefold() for e in spec.enum}:
        return f"{spec.name} {safe(value, 60)!r} is not one of: {' / '.join(spec.enum)}"
    expected = check_value(spec.format, value)
    if expected is not None:
        return f"{spec.name} {safe(value, 60)!r} is not {expected}"
    if spec.pattern is not None and not spec.pattern.match(value):
        example = f" (e.g. {spec.example!r})" if spec.example else ""
        return f"{spec.name} {safe(value, 60)!r} does not match the pattern {spec.pattern.pattern!r}{example}"
    return None


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Yield one problem per present field whose value is invalid."""
    for spec in ctx.kind.fields:
        pool = field_pool(doc, spec)
        found = find_field(doc, spec, pool) if pool is not None else None
        if found is not None:
            message = value_problem(spec, found)
            if message:
                yield Problem(found.line, message)
    for section_spec in ctx.kind.sections:
        for section in doc.sections:
            if section.level < 2 or not section_spec.pattern.fullmatch(section.title.strip("*` ")):
                continue
            present = doc.fields_in(section)
            for spec in section_spec.fields:
                found = find_field(doc, spec, present)
                if found is not None:
                    message = value_problem(spec, found)
                    if message:
                        yield Problem(found.line, message)
            break


RULE = Rule(code="RL104", name="invalid-field-value", severity=Severity.ERROR, doc=__doc__ or "", check=check)
