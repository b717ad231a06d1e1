"""A run directory lacks a file its layout requires.

What it does:
    Checks that a run folder (``runs/<framework>/<run_id>/``) holds the files its layout
    requires: ``metadata.json``, ``metrics.json`` and ``logs_summary.txt`` in the spec's
    layout (run-directory-layout.md; ``summary/logs_summary.txt`` in the sprint layout). When
    the run's sprints record a failure, the message says which sprint failed and why. When
    per-step logs are present, also checks for the run-level ``run.log``. The ``logs/``
    folder itself is not required: the spec's ``.gitignore`` keeps it out of git.

Why it matters:
    The summary is the git-tracked record of the run and metrics.json its token record;
    a run without them was interrupted (or its files were never committed), and any table
    built from the runs silently leaves it out or counts it as zero.

Example:
    ``runs/ghspec/00f2e0c9-.../`` with four sprint folders, the last ``"status": "failed"``,
    and no ``summary/`` and no ``metrics.json``.

How to fix:
    Re-run or finish the run (the summary and metrics are written at the end), or delete
    the folder of a run that is abandoned.
"""

from __future__ import annotations

from collections.abc import Iterator

from hooks.errors import safe
from hooks.finding import Severity
from hooks.rules.base import Context, Problem, Rule
from hooks.structured import StructuredModel
from hooks.structured.rundir import RunDirectory


def check(run: StructuredModel, ctx: Context) -> Iterator[Problem]:
    """Yield one problem per missing required file (and a missing run.log when logs exist)."""
    if not isinstance(run, RunDirectory):
        return
    failed = next((s for s in run.sprints if s.status.casefold() in {"failed", "error", "timeout"}), None)
    missing = [role for role in run.layout.required if role not in run.files]
    explained = "summary" if "summary" in missing else (missing[0] if missing else None)
    for role in missing:
        reason = ""
        if failed is not None and role == explained:
            detail = f": {safe(failed.error, 90)}" if failed.error else ""
            reason = f"; the run is incomplete (sprint {failed.number} {failed.status}{detail})"
        yield Problem(1, f"run folder has no {run.layout.files[role]}{reason}", path=run.anchor)
    if run.step_folders and run.run_log is None and run.layout.run_log:
        yield Problem(1, f"run folder has step logs but no run-level log ({run.layout.run_log})", path=run.anchor)


RULE = Rule(
    code="RL410",
    name="missing-run-file",
    severity=Severity.ERROR,
    doc=__doc__ or "",
    check_records=check,
    kinds=frozenset({"run-directory"}),
)
