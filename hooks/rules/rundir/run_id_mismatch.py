"""A run's files name a different run id or framework than its folder.

What it does:
    Compares the ``<framework>/<run_id>`` folder names of a run directory with the
    ``run_id`` and ``framework`` in metadata.json, the ``run_id`` in metrics.json and the
    ``Run ID`` line of logs_summary.txt (run-directory-layout.md), and reports each file
    that disagrees.

Why it matters:
    Runs are found by folder and joined by id (the runs manifest, the archive, the
    summary). A file copied from another run carries the other run's numbers into this
    one's results.

Example:
    ``runs/baes/01335fc4-.../metrics.json`` with ``"run_id": "0214d635-..."``.

How to fix:
    Put the file back in its own run's folder, or regenerate it for this run.
"""

from __future__ import annotations

from collections.abc import Iterator

from hooks.errors import safe
from hooks.finding import Severity
from hooks.rules.base import Context, Problem, Rule
from hooks.structured import StructuredModel
from hooks.structured.rundir import RunDirectory


def check(run: StructuredModel, ctx: Context) -> Iterator[Problem]:
    """Yield one problem per file naming another run id or framework."""
    if not isinstance(run, RunDirectory):
        return
    documents = [("metadata.json", run.metadata), ("metrics.json", run.metrics.document if run.metrics else None)]
    for label, document in documents:
        if document is None:
            continue
        for key, folder in (("run_id", run.run_id), ("framework", run.framework)):
            value = document.get(key)
            if isinstance(value, str) and value != folder:
                yield Problem(document.line_of(key), f"{label} {key} is {safe(value, 60)!r} but the run folder is {folder!r}", path=document.path)
    if run.summary is not None and run.summary.run_id is not None and run.summary.run_id[0] != run.run_id:
        value, line = run.summary.run_id
        yield Problem(line, f"summary Run ID is {safe(value, 60)!r} but the run folder is {run.run_id!r}", path=run.summary.path)


RULE = Rule(
    code="RL412",
    name="run-id-mismatch",
    severity=Severity.ERROR,
    doc=__doc__ or "",
    check_records=check,
    kinds=frozenset({"run-directory"}),
)
