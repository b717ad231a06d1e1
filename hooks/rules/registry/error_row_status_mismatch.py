"""An Errors Encountered row disagrees with the status of the registry entry it concerns.

What it does:
    Reads each row of a run log's Errors Encountered table (run-log-template.md: ``| Time |
    Error | Context | Resolution |``, Resolution ``[PENDING/How it was fixed]``):

    - a row whose Resolution is PENDING must cite an error id (the spec registers a new
      error "Within Same Session" with status OPEN) and that entry must be open;
    - a row that cites an id and whose Resolution starts with "Fixed" or "Resolved" must not
      point at an entry that is still open (other resolutions, such as a workaround or a
      retry, may leave the entry open and are not reported).

    Ids missing from the registry are left to RL210.

Why it matters:
    The run log and the registry are two records of the same failure. When they disagree,
    either a fixed error keeps its logs forever or, worse, an unfixed one is marked resolved
    and its logs become eligible for deletion.

Example:
    ``| 10:06 | TimeoutError (ERR-002) | search | PENDING |`` while ERR-002 is RESOLVED.

How to fix:
    Update whichever record is behind: the row's Resolution, or the entry's Status.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from hooks.finding import Severity
from hooks.rules.base import Context, Problem, Project, Rule
from hooks.rules.registry.project import load_project

_FIXED = re.compile(r"^(?:fixed|resolved)\b", re.I)


def check_project(project: Project, ctx: Context) -> Iterator[Problem]:
    """Yield one problem per row whose resolution disagrees with its entry's status."""
    _, logs = load_project(project)
    for log in logs:
        registry = log.registry
        if registry is None:
            continue
        regex = registry.shape.id_regex()
        for row in log.facts.error_rows:
            ids = list(dict.fromkeys(m.group(0) for m in regex.finditer(row.text)))
            pending = row.resolution.upper().startswith("PENDING")
            if pending and not ids:
                yield Problem(row.line, "row is PENDING but cites no error id; register the error (status OPEN) and cite it", path=log.facts.path)
            for error_id in ids:
                entries = registry.find(error_id)
                if not entries:
                    continue
                status = entries[0].status or "no status"
                is_open = registry.shape.is_open(entries[0])
                if pending and not is_open:
                    yield Problem(row.line, f"row is PENDING but {error_id} is {status}", path=log.facts.path)
                elif _FIXED.match(row.resolution) and is_open:
                    yield Problem(row.line, f"row says {row.resolution.split()[0]!r} but {error_id} is still {status}", path=log.facts.path)


RULE = Rule(
    code="RL212",
    name="error-row-status-mismatch",
    severity=Severity.WARNING,
    doc=__doc__ or "",
    check_project=check_project,
    kinds=frozenset({"run-log"}),
)
