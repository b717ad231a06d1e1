"""A required header field, or a field required inside a section, is missing.

What it does:
    Looks for each field the kind requires: in the header (before the first ``##``) for
    header fields, inside the named section for section fields. ``**Key:** value`` and the
    bullet form ``- Key: value`` both count, and so do the kind's synonyms for the key.

Why it matters:
    ``Started``, ``Mode`` and ``Status`` (run-log-template.md) are how logs are dated,
    grouped and found abandoned; without them a log cannot be placed.

Example:
    A run log whose header has ``**Date:** 2026-01-07 08:34`` but no ``**Started:**``.

How to fix:
    Add the field as the template writes it, or declare your key as a synonym in the kind.
"""

from __future__ import annotations

from collections.abc import Iterator

from hooks.finding import Severity
from hooks.kinds.kind import FieldSpec
from hooks.model.document import Document, Field
from hooks.rules.base import Context, Problem, Rule
from hooks.rules.kind_match import find_field as find_in
from hooks.rules.kind_match import kind_match


def find_field(doc: Document, spec: FieldSpec, pool: list[Field] | tuple[Field, ...]) -> Field | None:
    """The first field in ``pool`` named by ``spec`` (its name or a synonym)."""
    return find_in(spec, pool)


def field_pool(doc: Document, spec: FieldSpec) -> list[Field] | None:
    """Where ``spec`` must be looked for; ``None`` when its section is absent (reported elsewhere)."""
    if spec.section is None:
        return list(doc.header_fields)
    sections = [s for s in doc.sections if spec.section.fullmatch(s.title.strip("*` "))]
    if not sections:
        return None
    return [f for s in sections for f in doc.fields_in(s)]


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Yield one problem per missing required field."""
    for spec in ctx.kind.fields:
        if not spec.required:
            continue
        pool = field_pool(doc, spec)
        if pool is not None and find_field(doc, spec, pool) is None:
            where = "header" if spec.section is None else f"section matching {spec.section.pattern!r}"
            yield Problem(doc.title_line, f"missing {where} field '**{spec.name}:**'")
    match = kind_match(doc, ctx.kind)
    for section_spec, sections in zip(ctx.kind.sections, match.by_stripped, strict=True):
        for section in sections[:1]:
            present = doc.fields_in(section)
            for spec in section_spec.fields:
                if spec.required and find_field(doc, spec, present) is None:
                    yield Problem(section.line, f"section '{section_spec.title}' is missing field '**{spec.name}:**'")


RULE = Rule(code="RL103", name="missing-field", severity=Severity.ERROR, doc=__doc__ or "", check=check)
