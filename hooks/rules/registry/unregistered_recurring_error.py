"""An error recurs in several run logs and the error registry has no entry for it.

What it does:
    Groups the errors every run log records (Errors Encountered rows, ``## Error:``
    entries) and every registry entry's Error Message into patterns, by log-template
    mining (``runlog patterns`` shows them: ids, counts and paths varying, the rest equal).
    A pattern seen in at least ``min-logs`` logs (default 3) that are governed by an error
    registry, when no occurrence of it is a registry entry or cites an id the registry has,
    is reported once, on its latest occurrence. One-off errors are never reported.

Why it matters:
    run-log-template.md: a new error is added to the registry "Within Same Session", and a
    known one is referenced by its ERR id. An error met again and again without an entry is
    the one ``/troubleshoot`` cannot trace, and execution-logging-spec.md's "what keeps
    breaking?" has no answer for it.

Example:
    ``HTTP 429 Too Many Requests on batch 3`` in one run log, ``... on batch 17`` in the
    next, ``... on batch 2`` in a third, and no ``ERR-NNN`` entry for the rate limit.

How to fix:
    Add an entry to the registry (status OPEN) with the error message, and cite its id in
    the rows of the logs listed by ``runlog patterns``. Raise ``min-logs`` in
    ``rule-options`` when a team registers only errors that recur more often.
"""

from __future__ import annotations

from collections.abc import Iterator

from hooks.errors import ConfigError, safe
from hooks.finding import Severity
from hooks.rules.base import Context, Problem, Project, Rule
from hooks.rules.registry.project import load_project
from hooks.rules.registry.recurring import project_patterns

#: Default for ``min-logs``: the issue's threshold K (three logs make a recurrence, two may
#: be one failure retried in a second session).
MIN_LOGS = 3


def check_project(project: Project, ctx: Context) -> Iterator[Problem]:
    """Yield one problem per unregistered pattern seen in at least ``min-logs`` governed logs.

    Raises:
        ConfigError: ``min-logs`` is not a whole number of at least 1.
    """
    threshold = ctx.options.get("min-logs", MIN_LOGS)
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise ConfigError("rule-options: RL213 min-logs must be a whole number of at least 1")
    _, logs = load_project(project)
    governed = {log.facts.path: log.registry for log in logs if log.registry is not None}
    for pattern in project_patterns(project):
        if pattern.registered:
            continue
        seen = [o for o in pattern.occurrences if o.path in governed]
        paths = {o.path for o in seen}
        if len(paths) < threshold:
            continue
        latest = max(seen, key=lambda o: (o.timestamp or "", o.path, o.line))
        registry = governed[latest.path]
        dates = sorted({o.timestamp[:10] for o in seen if o.timestamp})
        span = f" ({dates[0]} to {dates[-1]})" if len(dates) > 1 else ""
        yield Problem(
            latest.line,
            f"error {safe(pattern.signature, 80)!r} recurs in {len(paths)} logs{span} and has no entry in "
            f"{registry.doc.path if registry else 'the error registry'}; register it and cite its id",
            path=latest.path,
        )


RULE = Rule(
    code="RL213",
    name="unregistered-recurring-error",
    severity=Severity.WARNING,
    doc=__doc__ or "",
    check_project=check_project,
    kinds=frozenset({"run-log"}),
    options={"min-logs": MIN_LOGS},
)
