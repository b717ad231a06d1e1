"""An entry's ACTION_TYPE is not one of the documented action types.

What it does:
    Compares each design-experiment.log entry's ACTION_TYPE with the kind's
    ``action-types`` option: by default the list in design-experiment-logging.md
    (VERIFY_MODEL, VERIFY_DATASET, SEARCH_PRIOR_RUNS, EXTRACT_SPEED, CALCULATE_TIME,
    CHECK_DISK, DECIDE_NAMING, CREATE_SUMMARY, COMPLETE). The comparison is exact.

Why it matters:
    Action types are how a reader filters the log ("all calculations", "all decisions").
    A misspelt or private type silently drops its entry from every such view.

Example:
    ``[2025-10-22 14:23:15] VERIFY_MODLE: Checking Llama-3.2-1B-Instruct``.

How to fix:
    Use a documented type. Teams that rename types declare theirs in their own
    design-experiment kind (``options: action-types: [...]``).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from hooks.errors import safe
from hooks.finding import Severity
from hooks.rules.base import Context, Problem, Rule
from hooks.structured import StructuredModel
from hooks.structured.textlog import TextLog, entry_options


def check(log: StructuredModel, ctx: Context) -> Iterator[Problem]:
    """Yield one problem per entry whose action type is not listed."""
    if not isinstance(log, TextLog):
        return
    allowed = entry_options(ctx.kind).action_types
    if not allowed:
        return
    for entry in log.entries:
        if entry.action and entry.action not in allowed:
            close = difflib.get_close_matches(entry.action.upper(), allowed, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            yield Problem(entry.line, f"unknown action type {safe(entry.action, 40)!r}{hint}")


RULE = Rule(
    code="RL402",
    name="unknown-action-type",
    severity=Severity.ERROR,
    doc=__doc__ or "",
    check_records=check,
    kinds=frozenset({"design-experiment"}),
)
