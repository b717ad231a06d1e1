"""The header Status contradicts the Final Status section.

What it does:
    Compares the header's ``**Status:**`` with ``**Completed:**`` under ``## Final Status``
    (run-log-template.md "Log Structure"). ``Completed`` goes with ``Completed: Yes``;
    ``Failed`` and ``In Progress`` go with ``Completed: No``. A Status that leads with one of
    those words (``FAILED - MCP_ERROR``) counts as that word; other values (``RESOLVED``)
    and a Completed that is neither Yes nor No are left to ``invalid-field-value``. The
    pairs are the kind option ``status-completed`` (status to ``yes``/``no``); the field
    names are the kind options ``status-field``, ``completed-field`` and
    ``completed-section``.

Why it matters:
    The header is what the site and the dashboard count; the Final Status is what the agent
    wrote at the end. When they disagree (Status Completed, Completed No) one of them is
    stale, usually the header written at the start and never updated, and the run is
    counted as a success it was not.

Example:
    ``**Status:** Completed`` in the header and ``**Completed:** No - Blocked by MCP error``
    under ``## Final Status``.

How to fix:
    Update the header Status to the outcome (``Failed``), or correct the Final Status.
"""

from __future__ import annotations

from collections.abc import Iterator

from hooks.errors import safe
from hooks.finding import Severity
from hooks.model.document import Document, plain
from hooks.rules.base import Context, Problem, Rule
from hooks.rules.consistency.fields import leading_value, named_field, option

#: Status to the Completed answer it implies (run-log-template.md).
DEFAULT_STATUS_COMPLETED = {"Completed": "yes", "Failed": "no", "In Progress": "no"}


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Yield one problem when the header Status and the Final Status Completed disagree."""
    status_field = named_field(doc, ctx.kind, option(ctx.kind, "status-field", "Status"))
    if status_field is None:
        return
    table = ctx.kind.options.get("status-completed", DEFAULT_STATUS_COMPLETED)
    if not isinstance(table, dict):
        return
    status = leading_value(status_field.value, list(table))
    if status is None:
        return
    section_title = option(ctx.kind, "completed-section", "Final Status").casefold()
    completed_key = option(ctx.kind, "completed-field", "Completed").casefold()
    for section in doc.sections:
        if section.level < 2 or plain(section.title).casefold() != section_title:
            continue
        completed = next((f for f in doc.fields_in(section) if f.key.casefold() == completed_key), None)
        if completed is None:
            return
        answer = leading_value(completed.value, ["yes", "no"])
        expected = str(table[status]).casefold()
        if answer is not None and answer != expected:
            yield Problem(
                status_field.line,
                f"Status {safe(plain(status_field.value), 40)!r} contradicts "
                f"'{completed.key}: {safe(plain(completed.value), 40)}' in Final Status (line {completed.line})",
            )
        return


RULE = Rule(code="RL111", name="status-contradicts-final-status", severity=Severity.ERROR, doc=__doc__ or "", check=check)
