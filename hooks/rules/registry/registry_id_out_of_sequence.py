"""The error registry's ids skip numbers or break the registry's order.

What it does:
    Groups entry ids by everything before their last number (``ERR-`` for ``ERR-007``,
    ``ERR-20260111-`` for dated ``.learnings`` ids) and reports, per group, numbers missing
    between 1 and the highest one. Then checks the entries follow one direction, oldest
    first or newest first (both occur in real registries), and reports the first entry
    that breaks the direction most entries follow.

Why it matters:
    run-log-template.md: "Assign next ERR-XXX number". A gap means an entry was deleted or
    an id was typed by hand; logs that cite the missing id then point nowhere. An entry out
    of order is usually a copy-paste in the wrong section.

Example:
    ERR-001, ERR-002, ERR-004: ERR-003 is missing.

How to fix:
    Restore the deleted entry (mark it WONTFIX if it was a mistake) or renumber the hand-typed
    id; move the misplaced entry next to its neighbours.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from hooks.finding import Severity
from hooks.kinds.registry_shape import entries_of
from hooks.model.document import Document
from hooks.model.error_registry import RegistryEntry
from hooks.rules.base import Context, Problem, Rule

_LAST_NUMBER = re.compile(r"^(?P<prefix>.*?)(?P<n>\d+)$")


def _split(entry: RegistryEntry) -> tuple[str, int] | None:
    match = _LAST_NUMBER.match(entry.id)
    return (match.group("prefix"), int(match.group("n"))) if match else None


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Yield problems for gaps in each id group and for the first entry out of order."""
    entries = entries_of(doc, ctx.kind)
    groups: dict[str, list[tuple[int, RegistryEntry]]] = {}
    for entry in entries:
        split = _split(entry)
        if split is not None:
            groups.setdefault(split[0], []).append((split[1], entry))
    for prefix, members in groups.items():
        numbers = {n for n, _ in members}
        width = len(str(members[0][1].id)) - len(prefix)
        # The first six gaps only: an id like ERR-9999999999 must not list ten billion numbers.
        missing = list(itertools.islice((n for n in range(1, max(numbers) + 1) if n not in numbers), 6))
        if missing:
            shown = ", ".join(f"{prefix}{n:0{width}d}" for n in missing[:5]) + (" ..." if len(missing) > 5 else "")
            after = min((e for n, e in members if n > missing[0]), key=lambda e: e.line)
            yield Problem(after.line, f"ids skip {shown}")
    keys = [(tuple(int(n) for n in re.findall(r"\d+", e.id)), e) for e in entries]
    pairs = list(zip(keys, keys[1:], strict=False))
    ups = sum(1 for a, b in pairs if b[0] > a[0])
    downs = sum(1 for a, b in pairs if b[0] < a[0])
    if ups and downs:
        ascending = ups >= downs
        for (before_key, before), (after_key, after_entry) in pairs:
            if (after_key < before_key) if ascending else (after_key > before_key):
                order = "oldest first" if ascending else "newest first"
                yield Problem(after_entry.line, f"{after_entry.id} follows {before.id}, but the registry lists ids {order}")
                break


RULE = Rule(
    code="RL204",
    name="registry-id-out-of-sequence",
    severity=Severity.WARNING,
    doc=__doc__ or "",
    check=check,
    kinds=frozenset({"error-registry", "learnings-errors"}),
)
