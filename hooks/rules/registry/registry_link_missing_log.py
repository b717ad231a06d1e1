"""A registry entry's Run Log reference names a log that does not exist, or leaves the repository.

What it does:
    For every entry of the error registry, resolves each reference in its ``**Run Log**``
    row (a backticked file name, a relative link, a path; anchors, ``./`` and URL escapes
    allowed) to a file: relative to the registry's folder, or, for a bare name, in the
    registry's folder and its log folders (the kind's ``log-folders``: ``run-logs/``,
    ``sessions/``). A reference that leaves the repository (absolute, ``../`` above the
    root, or a symbolic link pointing out) is reported and nothing outside is read.

    A missing log is not reported for an entry that is closed (its status is known and not
    in ``open-statuses``: RESOLVED, WONTFIX...): run-log-template.md's retention lets
    routine logs go after 30 days and only forbids deleting "run logs linked to OPEN
    errors", so a closed entry may outlive its log. Entries with no or an unknown status
    are checked like open ones.

Why it matters:
    The registry's link is how ``/troubleshoot`` traces an error back to its full context
    (run-log-template.md, "Link Run Log to Error"). A link to a renamed or deleted log
    loses that context for good while the error is still open.

Example:
    ``| **Run Log** | `2026-01-08_troubleshoot-1.md` |`` on an OPEN entry when
    ``run-logs/`` holds no such file.

How to fix:
    Point the reference at the log's current name, or restore the log (``git checkout
    HEAD~1 -- path``); ``runlog guard`` stops such deletions at commit time.
"""

from __future__ import annotations

from collections.abc import Iterator

from hooks.errors import safe
from hooks.finding import Severity
from hooks.kinds.registry_shape import entries_of, shape_of
from hooks.model.document import Document
from hooks.model.error_registry import resolve_reference
from hooks.rules.base import Context, Problem, Rule


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Yield one problem per reference leaving the repository, or naming no file from an entry not closed."""
    shape = shape_of(ctx.kind)
    known = {s.casefold() for s in shape.statuses}
    for entry in entries_of(doc, ctx.kind):
        closed = entry.status.casefold() in known and not shape.is_open(entry)
        for ref in entry.run_logs:
            found, reason = resolve_reference(ref.target, ctx.file, ctx.root, shape.log_folders)
            if found is None and reason == "outside":
                yield Problem(ref.line, f"{entry.id} links {safe(ref.target, 80)!r}, which is outside the repository")
            elif found is None and not closed:
                yield Problem(ref.line, f"{entry.id} ({entry.status or 'no status'}) links run log {safe(ref.target, 80)!r}, which does not exist")


RULE = Rule(
    code="RL201",
    name="registry-link-missing-log",
    severity=Severity.ERROR,
    doc=__doc__ or "",
    check=check,
    kinds=frozenset({"error-registry", "learnings-errors"}),
)
