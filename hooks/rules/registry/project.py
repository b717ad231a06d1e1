"""The error registries of one check and the logs each governs, as the registry rules see them.

:func:`load_project` is computed once per check and shared by the registry rules (RL208,
RL210-RL212). Every lookup a rule makes is indexed, so the rules run in time linear in the
logs and citations, whatever the registry's size: entries by id, and the repository paths
each entry's Run Log references may name.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from hooks.kinds.kind import Kind
from hooks.kinds.registry_shape import entries_of, is_registry_kind, shape_of
from hooks.model.document import Document
from hooks.model.error_registry import LogFacts, RegistryEntry, RegistryShape, governs, link_candidates
from hooks.rules.base import Project


@dataclass(frozen=True)
class LoadedRegistry:
    """A registry as project rules see it.

    Attributes:
        absolute: its absolute path.
        relative: its path relative to the project root (POSIX).
        doc: the parsed document.
        kind: its kind.
        shape: the kind's :class:`RegistryShape`.
        entries: its entries in source order.
        by_id: the entries of each id, in source order (several when the registry repeats one).
        linked: per id, the casefolded repository paths its entries' Run Log references may
            name (:func:`~hooks.model.error_registry.link_candidates`).
    """

    absolute: Path
    relative: str
    doc: Document
    kind: Kind
    shape: RegistryShape
    entries: tuple[RegistryEntry, ...]
    by_id: dict[str, list[RegistryEntry]] = field(default_factory=dict, compare=False, repr=False)
    linked: dict[str, set[str]] = field(default_factory=dict, compare=False, repr=False)

    def find(self, error_id: str) -> list[RegistryEntry]:
        """The entries with id ``error_id`` (several when the registry repeats an id)."""
        return self.by_id.get(error_id, [])

    def links(self, error_id: str, log_relative: str) -> bool:
        """Whether an entry with id ``error_id`` lists the log at ``log_relative`` in its Run Log
        (any spelling: ``./``, anchors, URL escapes, letter case)."""
        return posixpath.normpath(log_relative).casefold() in self.linked.get(error_id, ())


@dataclass(frozen=True)
class LoadedLog:
    """A log that may cite registry entries, as project rules see it.

    Attributes:
        absolute: its absolute path.
        relative: its path relative to the project root (POSIX).
        facts: its cited ids, error rows and date.
        registry: the registry governing it (see :func:`governs`), or ``None``.
    """

    absolute: Path
    relative: str
    facts: LogFacts
    registry: LoadedRegistry | None


def _relative(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` as POSIX (string operations: thousands of logs per check)."""
    text, base = str(path), str(root).rstrip(os.sep) + os.sep
    if text.startswith(base):
        return text[len(base) :].replace(os.sep, "/")
    return path.as_posix()


def _registry(absolute: Path, relative: str, doc: Document, kind: Kind) -> LoadedRegistry:
    shape = shape_of(kind)
    entries = tuple(entries_of(doc, kind))
    by_id: dict[str, list[RegistryEntry]] = {}
    linked: dict[str, set[str]] = {}
    for entry in entries:
        by_id.setdefault(entry.id, []).append(entry)
        names = linked.setdefault(entry.id, set())
        for ref in entry.run_logs:
            names.update(c.casefold() for c in link_candidates(ref.target, relative, shape.log_folders)[0])
    return LoadedRegistry(absolute, relative, doc, kind, shape, entries, by_id, linked)


def load_project(project: Project) -> tuple[list[LoadedRegistry], list[LoadedLog]]:
    """The registries and the logs they govern among a :class:`~hooks.rules.base.Project`'s files.

    Each log is paired with the deepest registry whose scope covers it (see :func:`governs`)
    and whose shape lists the log's kind in ``log-kinds``. Files without facts (unparsed,
    or of no governed kind) are skipped. Computed once per project and shared.

    Raises:
        ConfigError: a registry kind has bad options.
    """
    shared = project.shared.get("registries")
    if shared is not None:
        return shared  # type: ignore[no-any-return]
    root = project.root
    registries = [
        _registry(e.absolute, _relative(e.absolute, root), e.document, e.kind)
        for e in project.entries
        if e.document is not None and is_registry_kind(e.kind)
    ]
    log_kinds = {name for r in registries for name in r.shape.log_kinds} or {"run-log"}
    logs = []
    for item in project.entries:
        if item.facts is None or item.kind.name not in log_kinds:
            continue
        relative = _relative(item.absolute, root)
        covering = [r for r in registries if item.kind.name in r.shape.log_kinds and governs(r.relative, relative, r.shape)]
        covering.sort(key=lambda r: r.relative.count("/"), reverse=True)
        logs.append(LoadedLog(item.absolute, relative, item.facts, covering[0] if covering else None))
    project.shared["registries"] = (registries, logs)
    return registries, logs
