"""The error registry was last updated before run logs that record errors.

What it does:
    Reads the registry's ``Last Updated: YYYY-MM-DD`` header and the logs it governs (the
    run logs under the registry's folder, in the same check). A log dated after that day
    (by its file name or ``**Started:**``) whose Errors Encountered table records a real
    error, or that cites an error id, means the header, and its ``Active Errors`` counter,
    were not updated with it. Reported once per registry, at the header, naming the newest
    such log.

Why it matters:
    run-log-template.md asks to add every new error to the registry "Within Same Session".
    A header older than the errors recorded since says the registry stopped being kept, so
    its counters and open entries can no longer be trusted.

Example:
    ``> Last Updated: 2026-01-08`` while ``run-logs/2026-01-10_process-50.md`` records two
    404 errors.

How to fix:
    Register (or reference) the errors of those logs, then update Last Updated and the
    counters.
"""

from __future__ import annotations

from collections.abc import Iterator

from hooks.finding import Severity
from hooks.model.error_registry import header_counters, last_updated
from hooks.rules.base import Context, Problem, Project, Rule
from hooks.rules.registry.project import load_project


def check_project(project: Project, ctx: Context) -> Iterator[Problem]:
    """Yield one problem per registry whose Last Updated predates an erroring log."""
    registries, logs = load_project(project)
    for registry in registries:
        stamp = last_updated(registry.doc)
        if stamp is None:
            continue
        day, line = stamp
        regex = registry.shape.id_regex()
        later = []
        for log in logs:
            if log.registry is not registry:
                continue
            dated = log.facts.date
            if dated is None or dated <= day:
                continue
            if any(row.real for row in log.facts.error_rows) or log.facts.cited_ids(regex):
                later.append((dated, log.relative))
        if not later:
            continue
        later.sort(reverse=True)
        counters = ", ".join(f"{c.name}: {c.value}" for c in header_counters(registry.doc, list(registry.entries)))
        shown = f" ({counters})" if counters else ""
        more = f" and {len(later) - 1} other log(s) after it" if len(later) > 1 else ""
        yield Problem(
            line,
            f"Last Updated {day.isoformat()}{shown} is older than {later[0][1]} ({later[0][0].isoformat()}), "
            f"which records errors{more}",
            path=registry.doc.path,
        )


RULE = Rule(
    code="RL208",
    name="registry-stale-header",
    severity=Severity.WARNING,
    doc=__doc__ or "",
    check_project=check_project,
    kinds=frozenset({"error-registry", "learnings-errors"}),
)
