"""Two error registry entries record errors of one pattern in different words.

What it does:
    Mines the Error Message of every registry entry, together with the errors the checked
    logs record, into patterns (log-template mining: ids, counts, paths, quoted values and
    durations become ``<*>`` slots). Within one registry, an entry whose message falls in
    the pattern of an entry with a lower id is reported on its heading. Entries whose
    messages are identical are left to RL203 (registry-duplicate-error), which reports them.

Why it matters:
    run-log-template.md: "If error matches existing entry: Reference existing ERR-XXX in run
    log. Don't create duplicate." RL203 sees only identical messages; an entry opened for
    ``took longer than 31 s`` beside one for ``took longer than 45 s`` splits one failure's
    history, fix and linked logs in two just the same.

Example:
    ``ERR-004`` records ``TimeoutError: list_conversations took longer than 31 s`` and
    ``ERR-017`` records ``TimeoutError: list_conversations took longer than 45 s``.

How to fix:
    Fold the later entry into the earlier one (keep the earlier id, move its run logs), or
    write the messages so that what differs between the two errors is not a variable part.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from hooks.errors import safe
from hooks.finding import Severity
from hooks.model.error_registry import error_message
from hooks.rules.base import Context, Problem, Project, Rule
from hooks.rules.registry.project import load_project
from hooks.rules.registry.recurring import project_patterns


def _id_key(error_id: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", error_id))


def check_project(project: Project, ctx: Context) -> Iterator[Problem]:
    """Yield one problem per later registry entry sharing an earlier entry's pattern."""
    registries, _ = load_project(project)
    full: dict[tuple[str, int], str] = {}
    for registry in registries:
        for entry in registry.entries:
            found = error_message(registry.doc, entry)
            full[(registry.doc.path, entry.line)] = " ".join((found[0] if found else entry.title).split()).casefold()
    for pattern in project_patterns(project):
        by_registry: dict[str, list[tuple[tuple[int, ...], int, str]]] = {}
        for occurrence in pattern.entries:
            if occurrence.registry_id is not None:
                by_registry.setdefault(occurrence.path, []).append(
                    (_id_key(occurrence.registry_id), occurrence.line, occurrence.registry_id)
                )
        for path, entries in sorted(by_registry.items()):
            entries.sort()
            _, first_line, first_id = entries[0]
            texts = {full.get((path, first_line), "")}
            for _, line, error_id in entries[1:]:
                text = full.get((path, line), "")
                if error_id != first_id and text not in texts:
                    yield Problem(
                        line,
                        f"{error_id} records an error of the same pattern as {first_id} ({safe(pattern.signature, 80)!r}); "
                        f"fold it into {first_id}",
                        path=path,
                    )
                texts.add(text)


RULE = Rule(
    code="RL214",
    name="registry-entries-same-pattern",
    severity=Severity.WARNING,
    doc=__doc__ or "",
    check_project=check_project,
    kinds=frozenset({"error-registry", "learnings-errors"}),
)
