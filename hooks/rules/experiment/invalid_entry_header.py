"""An entry header is not ``[YYYY-MM-DD HH:MM:SS] ACTION_TYPE: description``.

What it does:
    In a design-experiment.log, checks each line that starts with ``[``: the timestamp must
    be ``YYYY-MM-DD HH:MM:SS`` and a real date and time, an ACTION_TYPE and a colon must
    follow, and the brief description must not be empty (design-experiment-logging.md,
    "Log Format").

Why it matters:
    The log exists for debugging and auditing ("check what commands were run and what data
    was used"). An entry without a usable time or action cannot be ordered, filtered or
    compared with the plan it produced.

Example:
    ``[2025-10-22 14:23] VERIFY_MODEL: Checking Llama-3.2-1B-Instruct`` (no seconds), or
    ``[2025-10-22 14:23:15] VERIFY_MODEL`` (no colon and description).

How to fix:
    Write the header as the spec does: ``[2025-10-22 14:23:15] VERIFY_MODEL: Checking ...``.
"""

from __future__ import annotations

from collections.abc import Iterator

from hooks.errors import safe
from hooks.finding import Severity
from hooks.rules.base import Context, Problem, Rule
from hooks.structured import StructuredModel
from hooks.structured.textlog import TextLog


def check(log: StructuredModel, ctx: Context) -> Iterator[Problem]:
    """Yield one problem per malformed entry header."""
    if not isinstance(log, TextLog):
        return
    for loose in log.loose:
        if loose.reason == "bad-header":
            yield Problem(loose.line, f"entry header {safe(loose.text, 60)!r} is not '[YYYY-MM-DD HH:MM:SS] ACTION_TYPE: description'")
    for entry in log.entries:
        if entry.when is None:
            yield Problem(entry.line, f"entry timestamp {safe(entry.stamp, 40)!r} is not a real 'YYYY-MM-DD HH:MM:SS' date and time", 2)
        if not entry.action:
            yield Problem(entry.line, "entry header has no ACTION_TYPE before the colon")
        elif not entry.description:
            yield Problem(entry.line, f"{safe(entry.action, 40)} entry has no description after the colon")


RULE = Rule(
    code="RL401",
    name="invalid-entry-header",
    severity=Severity.ERROR,
    doc=__doc__ or "",
    check_records=check,
    kinds=frozenset({"design-experiment"}),
)
