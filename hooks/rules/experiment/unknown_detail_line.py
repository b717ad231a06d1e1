"""A line of an entry log is not an entry header, a known detail line or a continuation.

What it does:
    Reports, in a design-experiment.log, text before the first entry, lines under an entry
    whose key is not one of the kind's ``detail-keys`` (``Command``, ``Result``,
    ``Explanation``, ``Input``, ``Calculation``, ``Decision``, ``Reasoning``, ``Status``,
    ``Next Steps``: design-experiment-logging.md), and other unindented text under an entry.
    Indented lines continue the detail above them and are accepted. Only the first such line
    of each entry is reported.

Why it matters:
    A misspelt key (``Comand:``) hides the detail from RL404 and from anyone filtering the
    log; free text outside the format is lost to every tool that reads it.

Example:
    ``Outcome: File exists, 655KB`` under a VERIFY_DATASET entry (the spec says ``Result:``).

How to fix:
    Use a documented key, indent continuation lines, or add your key to ``detail-keys`` in
    your own design-experiment kind.
"""

from __future__ import annotations

from collections.abc import Iterator

from hooks.errors import safe
from hooks.finding import Severity
from hooks.rules.base import Context, Problem, Rule
from hooks.structured import StructuredModel
from hooks.structured.textlog import TextLog, entry_options


def check(log: StructuredModel, ctx: Context) -> Iterator[Problem]:
    """Yield the first stray line before the entries and the first one in each entry."""
    if not isinstance(log, TextLog):
        return
    known = {key.casefold() for key in entry_options(ctx.kind).detail_keys}
    if not log.entries:
        yield Problem(1, "no entry of the form '[YYYY-MM-DD HH:MM:SS] ACTION_TYPE: description' in the log")
        return
    first_before = next((loose for loose in log.loose if loose.reason == "before-first-entry"), None)
    if first_before is not None:
        yield Problem(first_before.line, f"text before the first entry: {safe(first_before.text, 60)!r}")
    for entry in log.entries:
        unknown = next((d for d in entry.details if known and d.key.casefold() not in known), None)
        loose = next((x for x in log.loose if x.reason == "not-a-detail" and entry.line < x.line <= entry.end_line), None)
        candidates = [(d.line, f"unknown detail key '{safe(d.key, 30)}:'") for d in [unknown] if d is not None]
        candidates += [(x.line, f"line is not a detail ('Key: value') or an indented continuation: {safe(x.text, 50)!r}") for x in [loose] if x]
        if candidates:
            line, message = min(candidates)
            yield Problem(line, message)


RULE = Rule(
    code="RL405",
    name="unknown-detail-line",
    severity=Severity.WARNING,
    doc=__doc__ or "",
    check_records=check,
    kinds=frozenset({"design-experiment"}),
)
