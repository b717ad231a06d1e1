"""What a rule is: metadata plus a ``check`` generator over the parsed model.

A rule never opens a file or parses: the engine parses each file once and hands the model
over. Per-file rules see one :class:`~hooks.model.document.Document`; project rules see the
:class:`Project` (every checked document, by kind) to relate files to each other (the error
registry and the logs it links).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hooks.finding import Severity
from hooks.kinds.kind import Kind
from hooks.model.document import Document
from hooks.model.error_registry import LogFacts
from hooks.structured import StructuredModel


@dataclass(frozen=True)
class Problem:
    """What a rule yields: a place and a message. The engine adds code, name and severity.

    Attributes:
        line: 1-based line.
        message: one line.
        column: 1-based column.
        path: for project rules, the display path of the file at fault; ``None`` means the
            document being checked.
    """

    line: int
    message: str
    column: int = 1
    path: str | None = None


@dataclass(frozen=True)
class Context:
    """What a rule may know besides the document.

    Attributes:
        kind: the kind the file was classified as.
        options: this rule's options from configuration (plain data).
        root: the repository (or, outside git, the checked folder) holding the file,
            absolute; rules read nothing outside it.
        file: the absolute path of the file being checked.
        today: the date used for age checks (fixed in tests).
    """

    kind: Kind
    options: Mapping[str, Any]
    root: Path
    file: Path
    today: dt.date


@dataclass(frozen=True)
class ProjectFile:
    """One checked file as project rules see it.

    Attributes:
        document: the parsed document: kept for error registries (and when a caller asks
            for documents); ``None`` for other files and files that could not be parsed.
        kind: its kind.
        absolute: its absolute path on disk.
        facts: what the registry rules need of a log (its cited ids, error rows, date),
            for files of a kind some registry governs; ``None`` otherwise.
    """

    document: Document | None
    kind: Kind
    absolute: Path
    facts: LogFacts | None = None


@dataclass(frozen=True)
class Project:
    """Every file in one check, for rules that relate files.

    Attributes:
        entries: one per checked file, in path order.
        root: the folder display paths are relative to (absolute).
        kinds: every kind in force, so a project rule can find files of a kind on disk.
    """

    entries: tuple[ProjectFile, ...]
    root: Path
    kinds: tuple[Kind, ...] = ()
    #: What project rules derive once and share (the registries and the logs they govern).
    shared: dict[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def of_kind(self, name: str) -> list[ProjectFile]:
        """Entries of kind ``name``."""
        return [e for e in self.entries if e.kind.name == name]


DocumentCheck = Callable[[Document, Context], Iterable[Problem]]
ProjectCheck = Callable[[Project, Context], Iterable[Problem]]
#: A check over a structured (non-markdown) model: JSON, JSON lines, text log, run directory.
RecordsCheck = Callable[[StructuredModel, Context], Iterable[Problem]]


@dataclass(frozen=True)
class Rule:
    """A registered rule.

    Attributes:
        code: stable code (``RL101``).
        name: readable alias (``missing-section``), naming the pattern flagged.
        severity: default severity.
        kinds: kind names the rule applies to; empty means every kind.
        doc: the user documentation (the rule module's docstring), with the fixed headings
            "What it does", "Why it matters", "Example", "How to fix".
        check: per-document check, or ``None``.
        check_project: project-wide check, or ``None``.
        options: default option values.
        check_records: per-file check of a structured model (:mod:`hooks.structured`), or ``None``.
    """

    code: str
    name: str
    severity: Severity
    doc: str
    kinds: frozenset[str] = frozenset()
    check: DocumentCheck | None = None
    check_project: ProjectCheck | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    check_records: RecordsCheck | None = None

    @property
    def summary(self) -> str:
        """The first line of :attr:`doc`."""
        return self.doc.strip().splitlines()[0] if self.doc.strip() else ""

    def applies_to(self, kind: Kind) -> bool:
        """Whether the rule runs on files of ``kind``."""
        return not self.kinds or kind.name in self.kinds
