"""The file name does not follow the kind's naming convention.

What it does:
    Checks the base name against the kind's ``filename`` pattern (for run logs
    ``YYYY-MM-DD_HH-MM_mode-N.md``, run-log-template.md "File Naming Convention"), and that
    the date and time in the name are a real calendar date and time of day.

Why it matters:
    Registry links, retention and the site's archive all find logs by name. A log named
    ``2026-01-05_train-MCP-ERROR.md`` has no start time, so it cannot be ordered or pruned.

Example:
    ``run-logs/2026-01-06_process-2.md`` (no time, no mode number);
    ``run-logs/2026-02-30_14-30_process-1.md`` (no such day).

How to fix:
    Rename the file to the convention (``2026-01-06_16-47_process-2.md``), then update any
    registry entry that links to it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from hooks.finding import Severity
from hooks.model.document import Document
from hooks.rules.base import Context, Problem, Rule


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Yield one problem when the base name does not match, or names an impossible date."""
    pattern = ctx.kind.filename
    if pattern is None:
        return
    name = doc.path.rsplit("/", 1)[-1]
    match = pattern.fullmatch(name)
    example = f" (e.g. {ctx.kind.filename_example})" if ctx.kind.filename_example else ""
    if match is None:
        yield Problem(1, f"file name {name!r} does not follow the {ctx.kind.name} naming convention{example}")
        return
    groups = match.groupdict()
    stamp = groups.get("date", "")
    if groups.get("time"):
        stamp += " " + groups["time"].replace("-", ":")
    if not stamp:
        return
    try:
        dt.datetime.strptime(stamp, "%Y-%m-%d %H:%M" if " " in stamp else "%Y-%m-%d")
    except ValueError:
        yield Problem(1, f"file name {name!r} names an impossible date or time {stamp!r}")


RULE = Rule(code="RL101", name="file-name-convention", severity=Severity.ERROR, doc=__doc__ or "", check=check)
