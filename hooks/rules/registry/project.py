"""The error registries of one check and the logs each governs, as the registry rules see them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hooks.kinds.kind import Kind
from hooks.kinds.registry_shape import entries_of, is_registry_kind, shape_of
from hooks.model.document import Document
from hooks.model.error_registry import RegistryEntry, RegistryShape, governs


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
    """

    absolute: Path
    relative: str
    doc: Document
    kind: Kind
    shape: RegistryShape
    entries: tuple[RegistryEntry, ...]

    def find(self, error_id: str) -> list[RegistryEntry]:
        """The entries with id ``error_id`` (several when the registry repeats an id)."""
        return [e for e in self.entries if e.id == error_id]


@dataclass(frozen=True)
class LoadedLog:
    """A log that may cite registry entries, as project rules see it.

    Attributes:
        absolute: its absolute path.
        relative: its path relative to the project root (POSIX).
        doc: the parsed document.
        registry: the registry governing it (see :func:`governs`), or ``None``.
    """

    absolute: Path
    relative: str
    doc: Document
    registry: LoadedRegistry | None


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def load_project(project: Any) -> tuple[list[LoadedRegistry], list[LoadedLog]]:
    """The registries and the logs they govern among a :class:`hooks.rules.ruleset.base.Project`'s entries.

    Each log is paired with the deepest registry whose scope covers it (see :func:`governs`)
    and whose shape lists the log's kind in ``log-kinds``. Unparsed files are skipped.

    Raises:
        ConfigError: a registry kind has bad options.
    """
    root: Path = project.root
    registries = [
        LoadedRegistry(e.absolute, _relative(e.absolute, root), e.document, e.kind, shape_of(e.kind), tuple(entries_of(e.document, e.kind)))
        for e in project.entries
        if e.document is not None and is_registry_kind(e.kind)
    ]
    log_kinds = {name for r in registries for name in r.shape.log_kinds} or {"run-log"}
    logs = []
    for item in project.entries:
        if item.document is None or item.kind.name not in log_kinds:
            continue
        relative = _relative(item.absolute, root)
        covering = [r for r in registries if item.kind.name in r.shape.log_kinds and governs(r.relative, relative, r.shape)]
        covering.sort(key=lambda r: r.relative.count("/"), reverse=True)
        logs.append(LoadedLog(item.absolute, relative, item.document, covering[0] if covering else None))
    return registries, logs
