"""An entry lacks a detail line its action type requires.

What it does:
    For each design-experiment.log entry, looks up the detail keys its ACTION_TYPE requires
    in the kind's ``required-details`` option and reports those missing. The shipped kind
    follows the spec's examples (design-experiment-logging.md): verifications, searches and
    file creation need ``Command``, ``Result`` and ``Explanation``; CALCULATE_TIME needs
    ``Input``, ``Calculation``, ``Result``, ``Explanation``; DECIDE_NAMING needs
    ``Decision``, ``Reasoning``, ``Explanation``; COMPLETE needs ``Status``, ``Next Steps``,
    ``Explanation``; any other type needs ``Explanation``.

Why it matters:
    The details are the point of the log: "If estimates are wrong, check what commands
    were run and what data was used". A VERIFY_DATASET entry without its Command or Result
    proves nothing.

Example:
    ``[2025-10-22 14:25:00] CHECK_DISK: Verifying available disk space`` followed only by
    ``Result: 2.1T available``.

How to fix:
    Add the missing lines (``Command: df -h /scratch``, ``Explanation: ...``).
"""

from __future__ import annotations

from collections.abc import Iterator

from hooks.errors import safe
from hooks.finding import Severity
from hooks.rules.base import Context, Problem, Rule
from hooks.structured import StructuredModel
from hooks.structured.textlog import TextLog, entry_options


def check(log: StructuredModel, ctx: Context) -> Iterator[Problem]:
    """Yield one problem per entry listing all of its missing detail keys."""
    if not isinstance(log, TextLog):
        return
    options = entry_options(ctx.kind)
    for entry in log.entries:
        missing = [key for key in options.required_for(entry.action) if entry.detail(key) is None]
        if missing:
            lines = ", ".join(f"'{key}:'" for key in missing)
            yield Problem(entry.line, f"{safe(entry.action or 'entry', 40)} entry has no {lines} line")


RULE = Rule(
    code="RL404",
    name="missing-entry-detail",
    severity=Severity.ERROR,
    doc=__doc__ or "",
    check_records=check,
    kinds=frozenset({"design-experiment"}),
)
