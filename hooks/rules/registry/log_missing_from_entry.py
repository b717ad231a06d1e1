"""A run log cites a registry entry whose Run Log references do not list it.

What it does:
    For every error id a run log cites that exists in the governing registry, checks that
    one of that entry's Run Log references (any spelling: backticked name, relative link,
    ``./``, anchor, URL escapes, letter case) names this log.

Why it matters:
    The registry's Run Log field is the only way from an error to the runs where it
    happened ("This enables /troubleshoot to trace errors back to full context",
    run-log-template.md), and the deletion guard keeps exactly the logs an open entry
    lists. A log that is not listed can be pruned while its error is still open.

Example:
    ``run-logs/2026-01-08_19-43_process-MCP-ERROR.md`` reports ERR-003 again, but ERR-003's
    Run Log names only ``2026-01-03_mode2-learn-jan.md``.

How to fix:
    Add the log to the entry's Run Log field (several references may share the cell), or
    drop the citation if the log only mentions the error in passing.
"""

from __future__ import annotations

from collections.abc import Iterator

from hooks.finding import Severity
from hooks.rules.base import Context, Problem, Project, Rule
from hooks.rules.registry.project import load_project


def check_project(project: Project, ctx: Context) -> Iterator[Problem]:
    """Yield one problem per citation whose entry does not link the citing log."""
    _, logs = load_project(project)
    for log in logs:
        registry = log.registry
        if registry is None:
            continue
        for error_id, line in log.facts.cited_ids(registry.shape.id_regex()).items():
            if not registry.find(error_id) or registry.links(error_id, log.relative):
                continue
            yield Problem(line, f"cites {error_id}, but that entry's Run Log does not list this log", path=log.facts.path)


RULE = Rule(
    code="RL211",
    name="log-missing-from-entry",
    severity=Severity.WARNING,
    doc=__doc__ or "",
    check_project=check_project,
    kinds=frozenset({"run-log"}),
)
