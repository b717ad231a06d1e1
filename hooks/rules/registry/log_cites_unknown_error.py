"""A run log cites an error id that the error registry does not have.

What it does:
    For every run log in the check, finds the error ids it cites in live content (``ERR-007``;
    ``ERR-20260111-001`` for a ``.learnings`` registry; whole words only, so ``ERR-XXX`` and
    ``ERR-NEW`` placeholders are not ids) and looks each up in the registry governing the log
    (the nearest ``error-registry.md`` above it). When only some files are checked, as
    pre-commit does, ``runlog check`` brings that registry into the check (commit-time
    closure), so the verdict is the one a full run gives.

Why it matters:
    run-log-template.md: a new error is added to the registry "Within Same Session", and a
    known one is referenced by its id. An id the registry lacks is a typo or an error that
    was never registered, and ``/troubleshoot`` cannot trace it.

Example:
    A log saying ``Timed out (ERR-012)`` while the registry stops at ERR-009.

How to fix:
    Add the entry to the registry (status OPEN), or correct the id in the log.
"""

from __future__ import annotations

from collections.abc import Iterator

from hooks.finding import Severity
from hooks.rules.base import Context, Problem, Project, Rule
from hooks.rules.registry.project import load_project


def check_project(project: Project, ctx: Context) -> Iterator[Problem]:
    """Yield one problem per cited id missing from the governing registry."""
    _, logs = load_project(project)
    for log in logs:
        if log.registry is None:
            continue
        for error_id, line in log.facts.cited_ids(log.registry.shape.id_regex()).items():
            if not log.registry.find(error_id):
                yield Problem(line, f"cites {error_id}, which is not in {log.registry.doc.path}", path=log.facts.path)


RULE = Rule(
    code="RL210",
    name="log-cites-unknown-error",
    severity=Severity.ERROR,
    doc=__doc__ or "",
    check_project=check_project,
    kinds=frozenset({"run-log"}),
)
