"""A step's log folder lacks a component log, or a recorded step has no log folder.

What it does:
    When a run directory holds per-step log folders (``logs/step_NNN/``, or
    ``sprint_NNN/logs/step_NNN/`` in the sprint layout), checks that each holds the
    component logs of its layout's ``step-logs`` option (``orchestrator``, ``adapter``,
    ``metrics``, ``validator`` in run-directory-layout.md), and that every step recorded in
    metrics.json has a folder. Runs whose logs are absent (the spec git-ignores ``logs/``)
    are not checked. One finding per step folder.

Why it matters:
    "Step isolation: cat logs/step_003/adapter.log - see just step 3" only works when every
    step has its logs; a missing component log hides a crash of that component.

Example:
    ``logs/step_002/`` holding orchestrator.log and adapter.log only.

How to fix:
    Restore the missing log from the run archive (run.tar.gz), or declare your layout's
    component logs in your own run-directory kind.
"""

from __future__ import annotations

from collections.abc import Iterator

from hooks.finding import Severity
from hooks.rules.base import Context, Problem, Rule
from hooks.structured import StructuredModel
from hooks.structured.rundir import RunDirectory


def check(run: StructuredModel, ctx: Context) -> Iterator[Problem]:
    """Yield one problem per incomplete step folder and per recorded step without a folder."""
    if not isinstance(run, RunDirectory) or not run.step_folders:
        return
    for folder in run.step_folders:
        missing = [name for name in run.layout.step_logs if name not in folder.logs]
        if missing:
            names = ", ".join(f"{m}.log" for m in missing)
            relative = folder.path[len(run.path) + 1 :] if run.path and folder.path.startswith(run.path + "/") else folder.path
            yield Problem(1, f"{relative} has no {names}", path=run.anchor)
    if run.metrics is not None:
        present = {folder.number for folder in run.step_folders}
        for step in run.metrics.steps:
            if step.number not in present:
                yield Problem(1, f"step {step.number} is in metrics.json but has no step_{step.number:03d} log folder", path=run.anchor)


RULE = Rule(
    code="RL413",
    name="missing-step-log",
    severity=Severity.WARNING,
    doc=__doc__ or "",
    check_records=check,
    kinds=frozenset({"run-directory"}),
)
