"""A registry entry's Run Log reference names a log that does not exist.

What it does:
    For every entry ``### ERR-NNN: title`` of the error registry, resolves each reference in
    its ``**Run Log**`` row (a backticked file name, a relative link, a path; anchors, ``./``
    and URL escapes allowed) to a file: relative to the registry's folder, or, for a bare
    name, in the registry's folder and its log folders (``run-logs/``, ``sessions/``). A
    reference that leaves the repository is reported and nothing outside it is read.

Why it matters:
    The registry's link is how ``/troubleshoot`` traces an error back to its full context
    (run-log-template.md, "Link Run Log to Error"). A link to a renamed or deleted log
    loses that context for good.

Example:
    ``| **Run Log** | `2026-01-08_troubleshoot-1.md` |`` when ``run-logs/`` holds no such
    file.

How to fix:
    Point the reference at the log's current name, or restore the log.
"""

from __future__ import annotations

from collections.abc import Iterator

from hooks.document import Document
from hooks.finding import Severity
from hooks.registry import DEFAULT_ENTRY_HEADING, parse_registry, resolve_reference
from hooks.rules.base import Context, Problem, Rule
from hooks.textio import safe


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Yield one problem per reference that resolves to no file, or leaves the repository."""
    heading = str(ctx.kind.options.get("entry-heading", DEFAULT_ENTRY_HEADING))
    folders = tuple(str(f) for f in ctx.kind.options.get("log-folders", ["run-logs", "sessions"]))
    for entry in parse_registry(doc, heading):
        for ref in entry.run_logs:
            found, reason = resolve_reference(ref.target, ctx.file, ctx.root, folders)
            if found is None and reason == "outside":
                yield Problem(ref.line, f"{entry.id} links {safe(ref.target, 80)!r}, which is outside the repository")
            elif found is None:
                yield Problem(ref.line, f"{entry.id} links run log {safe(ref.target, 80)!r}, which does not exist")


RULE = Rule(
    code="RL201",
    name="registry-link-missing-log",
    severity=Severity.ERROR,
    doc=__doc__ or "",
    check=check,
    kinds=frozenset({"error-registry"}),
)
