"""The error registry model: entries, their fields and the run logs they link.

The format is run-log-template.md's "Error Logging Standards": each entry is a heading
``### ERR-NNN: title`` followed by a ``| Field | Value |`` table (ID, Status, Category,
Severity, First Seen, Resolved, Run Log). Placeholders such as ``ERR-XXX`` and templates
inside code fences are not entries (fences are not live content in the document model).

A second shape is configured, not coded: the ``.learnings/ERRORS.md`` registries of the
self-improving-agent skill (``## [ERR-YYYYMMDD-NNN] slug`` with ``**Status**: pending`` and
``**Priority**: high`` fields). Everything shape-specific comes from the kind's ``options``
through :class:`RegistryShape`.

Links are compared lexically (:func:`link_candidates`), so a deleted log can still be matched
against the references that named it: ``./``, anchors, URL escapes and letter case do not
change which log a reference names.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
import urllib.parse
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from hooks.model.document import Document, Section, plain
from hooks.model.error_patterns import Occurrence

DEFAULT_ENTRY_HEADING = r"(?P<id>ERR-\d{3,}):\s*(?P<title>.+)"
DEFAULT_ID_PATTERN = r"ERR-\d{3,}"
_BACKTICK = re.compile(r"`([^`]+)`")
_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_BARE = re.compile(r"(?<![\w/.-])((?:\.{1,2}/)?[\w./%-]+\.md(?:#[\w-]*)?)\b")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_COUNTER = re.compile(r"(?P<name>Active Errors|Resolved|Open|Closed|Total(?: Errors)?)\s*:\s*(?P<n>\d+)", re.I)


@dataclass(frozen=True)
class Reference:
    """A run-log reference inside an entry: the text as written and its 1-based line."""

    target: str
    line: int


@dataclass(frozen=True)
class RegistryEntry:
    """One registry entry.

    Attributes:
        id: ``ERR-009``.
        title: the heading text after the id.
        line: 1-based line of the heading.
        end_line: last line of the entry.
        fields: field name (emphasis stripped, as written) to (value, line).
        run_logs: references found in the Run Log field.
    """

    id: str
    title: str
    line: int
    end_line: int
    fields: dict[str, tuple[str, int]]
    run_logs: tuple[Reference, ...]

    def get(self, name: str) -> str | None:
        """The value of field ``name`` (case-insensitive), emphasis and backticks kept."""
        wanted = name.casefold()
        return next((v for k, (v, _) in self.fields.items() if k.casefold() == wanted), None)

    def line_of(self, name: str) -> int:
        """The 1-based line of field ``name``, or the heading's line when absent."""
        wanted = name.casefold()
        return next((ln for k, (_, ln) in self.fields.items() if k.casefold() == wanted), self.line)

    @property
    def status(self) -> str:
        """The Status value, upper-cased and stripped of markup ("" when absent)."""
        return plain(self.get("Status") or "").upper()


@dataclass(frozen=True)
class RegistryShape:
    """How one registry kind writes its entries; read from the kind's ``options``.

    Attributes:
        entry_heading: full-match pattern for an entry heading, with groups ``id`` and
            (optional) ``title``.
        id_pattern: pattern of an id as cited in a log (``ERR-\\d{3,}``).
        statuses: allowed Status values (compared case-insensitively).
        open_statuses: statuses of errors still open (a linked log must be kept).
        resolved_statuses: statuses counted by the header's ``Resolved: M``.
        severity_field: the field holding the severity (``Severity``, ``Priority``).
        severities: allowed severity values.
        log_folders: folders beside the registry searched for a bare file name.
        log_kinds: kind names of the logs that cite entries.
        scope_up: how many folders above the registry's folder its logs may live
            (0: the registry's folder and below; 1 for ``.learnings/ERRORS.md``).

    Source: run-log-template.md ("Error Logging Standards", "Error Severity Guide") for
    ``error-registry``; the self-improving-agent skill's ``assets/ERRORS.md`` for
    ``learnings-errors``.
    """

    entry_heading: str = DEFAULT_ENTRY_HEADING
    id_pattern: str = DEFAULT_ID_PATTERN
    statuses: tuple[str, ...] = ("OPEN", "IN_PROGRESS", "RESOLVED", "WONTFIX", "NEEDS_MANUAL")
    open_statuses: tuple[str, ...] = ("OPEN", "IN_PROGRESS")
    resolved_statuses: tuple[str, ...] = ("RESOLVED",)
    severity_field: str = "Severity"
    severities: tuple[str, ...] = ("CRITICAL", "HIGH", "MEDIUM", "LOW")
    log_folders: tuple[str, ...] = ("run-logs", "sessions")
    log_kinds: tuple[str, ...] = ("run-log",)
    scope_up: int = 0

    def is_open(self, entry: RegistryEntry) -> bool:
        """Whether ``entry``'s status is one of :attr:`open_statuses`."""
        return entry.status.casefold() in {s.casefold() for s in self.open_statuses}

    def id_regex(self) -> re.Pattern[str]:
        """:attr:`id_pattern` as a whole-word regular expression (compiled once per shape)."""
        return _id_regex(self.id_pattern)


def references_in(value: str, line: int) -> list[Reference]:
    """Every log reference in a Run Log value: backticked names, markdown links, bare paths."""
    found: list[str] = []
    found.extend(m.group(1).strip() for m in _LINK.finditer(value))
    found.extend(m.group(1).strip() for m in _BACKTICK.finditer(value))
    if not found:
        found.extend(m.group(1) for m in _BARE.finditer(value))
    unique = list(dict.fromkeys(t for t in found if t and t not in {"-", "N/A"}))
    return [Reference(t, line) for t in unique]


def parse_registry(doc: Document, entry_heading: str = DEFAULT_ENTRY_HEADING) -> list[RegistryEntry]:
    """The entries of a registry document, in source order (duplicates kept).

    Fields come from a ``| Field | Value |`` table in the entry or from ``**Key**: value``
    lines; the first occurrence of a name wins. Headings inside code fences are not
    sections, so a template in a fence is never an entry.
    """
    pattern = re.compile(entry_heading)
    entries = []
    for section in doc.sections:
        match = pattern.fullmatch(plain(section.title))
        if not match:
            continue
        fields: dict[str, tuple[str, int]] = {}
        for table in doc.tables_in(section):
            for row in table.rows:
                if len(row.cells) >= 2:
                    fields.setdefault(plain(row.cells[0]), (row.cells[1].strip(), row.line))
        for item in doc.fields_in(section):
            fields.setdefault(item.key, (item.value, item.line))
        refs: list[Reference] = []
        for key, (value, line) in fields.items():
            if key.casefold() in {"run log", "run logs", "log"}:
                refs.extend(references_in(value, line))
        entries.append(
            RegistryEntry(
                id=match.group("id"),
                title=(match.groupdict().get("title") or "").strip(),
                line=section.line,
                end_line=section.end_line,
                fields=fields,
                run_logs=tuple(refs),
            )
        )
    return entries


def live_lines(doc: Document) -> Iterable[tuple[int, str]]:
    """``(1-based line, text)`` of every line outside code blocks."""
    fenced: set[int] = set()
    for start, end in doc.fences:
        fenced.update(range(start, end + 1))
    for number, text in enumerate(doc.lines, 1):
        if number not in fenced:
            yield number, text


#: :func:`cited_ids` results by (``id(doc)``, pattern, flags), for as long as the document
#: lives (a weak reference drops the entry with it): each registry rule asks for every log.
_CITED_CACHE: dict[tuple[int, str, int], tuple[weakref.ref[Document], dict[str, int]]] = {}


def cited_ids(doc: Document, id_regex: re.Pattern[str]) -> dict[str, int]:
    """Error ids cited in a log's live content: id to the 1-based line of its first citation.

    Memoized per document (by identity; several registry rules ask for the same log): the
    caller gets its own copy of the dict.
    """
    key = (id(doc), id_regex.pattern, id_regex.flags)
    hit = _CITED_CACHE.get(key)
    if hit is not None and hit[0]() is doc:
        return dict(hit[1])
    found: dict[str, int] = {}
    if citation_probe(id_regex).search(doc.text) is not None:  # most logs cite nothing: one search says so
        for number, text in live_lines(doc):
            for match in id_regex.finditer(text):
                found.setdefault(match.group(0), number)
    _CITED_CACHE[key] = (weakref.ref(doc, _forget(key)), found)
    return dict(found)


_WORD_BOUNDS = (r"(?<![\w-])(?:", r")(?![\w-])")


@lru_cache(maxsize=64)
def citation_probe(id_regex: re.Pattern[str]) -> re.Pattern[str]:
    """A pattern for one search over a whole document that finds something wherever
    ``id_regex`` finds a citation on a line: multi-line (``^`` and ``$`` still match at every
    line's ends), and without the word bounds :meth:`RegistryShape.id_regex` adds (a leading
    look-behind makes the engine try every position; the bare id starts with a literal it
    scans for, ``ERR-``), so it matches a superset."""
    pattern = id_regex.pattern
    head, tail = _WORD_BOUNDS
    if pattern.startswith(head) and pattern.endswith(tail):
        pattern = pattern[len(head) : -len(tail)]
    return re.compile(pattern, id_regex.flags | re.MULTILINE)


def _forget(key: tuple[int, str, int]) -> Callable[[weakref.ref[Document]], None]:
    """The weak-reference callback dropping ``key`` from the :func:`cited_ids` cache."""

    def forget(_ref: weakref.ref[Document]) -> None:
        _CITED_CACHE.pop(key, None)

    return forget


@dataclass(frozen=True)
class Counter:
    """A header counter such as ``Active Errors: 0``: its name as written, value and line."""

    name: str
    value: int
    line: int


def header_counters(doc: Document, entries: list[RegistryEntry]) -> list[Counter]:
    """Counters written before the first entry (``> Active Errors: 0 | Resolved: 9``).

    Only lines that hold ``Active Errors`` are read, so prose such as "Resolved: see
    below" elsewhere is not taken for a counter.
    """
    stop = entries[0].line if entries else len(doc.lines) + 1
    counters = []
    for number, text in live_lines(doc):
        if number >= stop:
            break
        if "active errors" not in text.casefold():
            continue
        for match in _COUNTER.finditer(text):
            counters.append(Counter(match.group("name"), int(match.group("n")), number))
    return counters


def last_updated(doc: Document) -> tuple[dt.date, int] | None:
    """The registry's ``Last Updated: YYYY-MM-DD`` date and line, from its header."""
    for number, text in live_lines(doc):
        if "last updated" in text.casefold():
            match = _DATE.search(text)
            if match:
                try:
                    return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3))), number
                except ValueError:
                    return None
    return None


def error_message(doc: Document, entry: RegistryEntry) -> tuple[str, int] | None:
    """The text of the first code block inside ``entry`` that follows an ``Error`` label.

    Both shapes put the message in a fence: ``**Error Message:**`` (run-log-template.md)
    or ``### Error`` (``.learnings``). Returns ``(text, 1-based line of the fence)``.
    """
    label_seen = False
    fences = {start: end for start, end in doc.fences}
    for number in range(entry.line + 1, entry.end_line + 1):
        if number in fences:
            if label_seen:
                body = "\n".join(doc.lines[number : fences[number] - 1]).strip()
                return (body, number) if body else None
            continue
        text = plain(doc.lines[number - 1]).lstrip("#").strip().rstrip(":").casefold()
        if text in {"error message", "error", "error output"}:
            label_seen = True
    return None


def section_titled(doc: Document, pattern: re.Pattern[str]) -> Section | None:
    """The first section whose plain title matches ``pattern``."""
    return next((s for s in doc.sections if pattern.fullmatch(plain(s.title))), None)


def log_date(name: str, doc: Document | None = None) -> dt.date | None:
    """A log's date: the ``YYYY-MM-DD`` its file name starts with, else its ``Started`` field."""
    candidates = [name]
    if doc is not None:
        started = doc.field("Started") or doc.field("Date")
        if started is not None:
            candidates.append(started.value)
    for text in candidates:
        match = _DATE.match(text) if text is name else _DATE.search(text)
        if match:
            try:
                return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                continue
    return None


def normalize_target(target: str) -> str:
    """A reference as a POSIX path: anchor and query dropped, URL escapes decoded, ``./`` removed."""
    text = target.split("#", 1)[0].split("?", 1)[0].strip().strip("<>")
    text = urllib.parse.unquote(text).replace("\\", "/")
    while text.startswith("./"):
        text = text[2:]
    return text


def _escapes(text: str) -> bool:
    """Whether a normalized POSIX path is absolute or climbs above its starting point."""
    if PurePosixPath(text).is_absolute() or re.match(r"^[A-Za-z]:/", text):
        return True
    return posixpath.normpath(text).split("/", 1)[0] == ".."


def link_candidates(target: str, registry: str, log_folders: tuple[str, ...]) -> tuple[list[str], bool]:
    """Repository-relative POSIX paths a reference may name, worked out without the disk.

    Args:
        target: the reference as written.
        registry: the registry's path relative to the repository root (POSIX).
        log_folders: folders beside the registry searched for a bare name.

    Returns:
        ``(candidates, outside)``: candidate paths, normalized (``..`` folded), and whether
        the reference leaves the repository (then ``candidates`` is empty).
    """
    text = normalize_target(target)
    if not text:
        return [], False
    base = posixpath.dirname(registry)
    if PurePosixPath(text).is_absolute() or re.match(r"^[A-Za-z]:/", text):
        return [], True
    if "/" in text:
        joined = posixpath.normpath(posixpath.join(base, text)) if base else posixpath.normpath(text)
        if _escapes(joined):
            return [], True
        return [joined], False
    names = [posixpath.join(base, text) if base else text]
    names.extend(posixpath.join(base, folder, text) if base else posixpath.join(folder, text) for folder in log_folders)
    return [posixpath.normpath(n) for n in names], False


def names_path(target: str, registry: str, path: str, log_folders: tuple[str, ...]) -> bool:
    """Whether a reference in ``registry`` names the log at ``path`` (both repository-relative).

    Every spelling counts: ``./``, anchors, queries, URL escapes and letter case are ignored.
    """
    candidates, _ = link_candidates(target, registry, log_folders)
    wanted = posixpath.normpath(path).casefold()
    return any(c.casefold() == wanted for c in candidates)


def resolve_reference(target: str, registry_file: Path, root: Path, log_folders: tuple[str, ...]) -> tuple[Path | None, str | None]:
    """Find the log a reference names.

    A reference with a folder part resolves relative to the registry's folder; a bare file
    name is looked for in the registry's folder and its ``log_folders`` (``run-logs/``,
    ``sessions/``). A reference that leaves ``root`` lexically is refused before the disk
    is touched; one that leaves it through a symbolic link is refused without reading it.

    Returns:
        ``(path, None)`` when found; ``(None, reason)`` otherwise, where reason is
        ``"outside"`` (the reference leaves the repository) or ``"missing"``.
    """
    root_real, registry_rel = _registry_place(str(registry_file), str(root))
    if registry_rel is None:
        return None, "outside"
    candidates, outside = link_candidates(target, registry_rel, log_folders)
    if outside:
        return None, "outside"
    left = False
    inside = root_real.rstrip(os.sep) + os.sep
    for relative in candidates:
        resolved = _realpath(os.path.join(root_real, relative))
        if resolved != root_real and not resolved.startswith(inside):
            left = True
            continue
        if os.path.isfile(resolved):
            return Path(resolved), None
    return None, "outside" if left and "/" in normalize_target(target) else "missing"


def _realpath(path: str) -> str:
    """``os.path.realpath(path)``, with the folder's real path computed once per folder (a
    registry's links point into a few folders): only the last component is looked at anew."""
    folder, name = os.path.split(path)
    if not name or name in {".", ".."}:
        return os.path.realpath(path)
    candidate = os.path.join(_real_folder(folder), name)
    return os.path.realpath(candidate) if os.path.islink(candidate) else candidate


@lru_cache(maxsize=1024)
def _real_folder(folder: str) -> str:
    return os.path.realpath(folder)


@lru_cache(maxsize=256)
def _registry_place(registry_file: str, root: str) -> tuple[str, str | None]:
    """The real path of ``root`` and the registry's real path relative to it (``None`` when
    outside), worked out once per registry (a registry links hundreds of logs)."""
    root_real = os.path.realpath(root)
    registry_real = os.path.realpath(registry_file)
    if not registry_real.startswith(root_real.rstrip(os.sep) + os.sep):
        return root_real, None
    return root_real, registry_real[len(root_real.rstrip(os.sep)) + 1 :].replace(os.sep, "/")


def governs(registry: str, log: str, shape: RegistryShape) -> bool:
    """Whether the registry at ``registry`` covers the log at ``log`` (repository-relative).

    A registry covers the logs under its folder, or under the folder ``scope_up`` levels
    above it (``.learnings/ERRORS.md`` covers the whole repository).
    """
    scope = posixpath.dirname(registry)
    for _ in range(shape.scope_up):
        scope = posixpath.dirname(scope)
    return scope == "" or log.startswith(scope + "/")


_PLACEHOLDER = re.compile(r"^(?:-+|—|none|n/?a|\[.*\]|x+|hh:mm)?$", re.I)


@dataclass(frozen=True)
class ErrorRow:
    """One row of a log's Errors Encountered table.

    Attributes:
        line: 1-based line.
        text: every cell joined by `` | `` (for id citations).
        resolution: the Resolution (or Recovery / Fix) cell, plain text; "" when absent.
        real: whether the row records an error (not a ``- | None | -`` or template row).
    """

    line: int
    text: str
    resolution: str
    real: bool


def error_rows(doc: Document, section_title: str = "Errors Encountered") -> list[ErrorRow]:
    """The rows of the tables under the log's Errors Encountered section(s).

    Source: run-log-template.md, "Errors Encountered" (``| Time | Error | Context |
    Resolution |``, Resolution ``[PENDING/How it was fixed]``).
    """
    wanted = section_title.casefold()
    rows: list[ErrorRow] = []
    for section in doc.sections:
        if plain(section.title).casefold() != wanted:
            continue
        for table in doc.tables_in(section):
            column = next((table.column(n) for n in ("Resolution", "Recovery", "Fix") if table.column(n) is not None), None)
            for row in table.rows:
                cells = [plain(c) for c in row.cells]
                resolution = cells[column] if column is not None and column < len(cells) else ""
                real = not all(_PLACEHOLDER.match(c.strip()) for c in cells[1:] or cells)
                rows.append(ErrorRow(row.line, " | ".join(cells), resolution, real))
    return rows


@dataclass(frozen=True)
class LogFacts:
    """What the registry rules need to know of one log, without its document.

    A worker process computes these from the parsed log and hands back only them (a few
    hundred bytes, not the document), and the cache keeps them, so the cross-file rules run
    on a warm check without parsing anything.

    Attributes:
        path: the log's display path (where findings on it are reported).
        date: :func:`log_date` of the log (file name first, then Started / Date).
        cited: per id pattern (the text of a registry shape's id regex), the ids cited in
            the log's live content and the 1-based line of each one's first citation.
        error_rows: the rows of its Errors Encountered table (:func:`error_rows`).
        occurrences: the errors it records (:mod:`hooks.structured.occurrences`, filled in by
            the engine), for the recurring-error rules RL213/RL214.
    """

    path: str
    date: dt.date | None
    cited: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]
    error_rows: tuple[ErrorRow, ...]
    occurrences: tuple[Occurrence, ...] = ()

    def cited_ids(self, id_regex: re.Pattern[str]) -> dict[str, int]:
        """Ids matching ``id_regex`` cited in the log: id to line (as :func:`cited_ids`)."""
        for pattern, ids in self.cited:
            if pattern == id_regex.pattern:
                return dict(ids)
        return {}

    def to_data(self) -> list[Any]:
        """Plain JSON-able data (for the cache); :meth:`from_data` reverses it."""
        return [self.path, self.date.isoformat() if self.date else None, [[p, [list(i) for i in ids]] for p, ids in self.cited],
                [[r.line, r.text, r.resolution, r.real] for r in self.error_rows],
                [[o.path, o.line, o.timestamp, o.message, list(o.error_ids), o.source, o.kind, o.registry_id] for o in self.occurrences]]

    @classmethod
    def from_data(cls, data: list[Any]) -> LogFacts:
        """The facts :meth:`to_data` wrote. Raises ``ValueError``/``TypeError``/``IndexError`` on other data."""
        path, date, cited, rows, *rest = data
        occurrences = tuple(
            Occurrence(str(p), int(n), None if t is None else str(t), str(m), tuple(str(i) for i in ids), str(s), str(k), None if r is None else str(r))
            for p, n, t, m, ids, s, k, r in (rest[0] if rest else [])
        )
        return cls(str(path), dt.date.fromisoformat(date) if date else None,
                   tuple((str(p), tuple((str(i), int(n)) for i, n in ids)) for p, ids in cited),
                   tuple(ErrorRow(int(a), str(b), str(c), bool(d)) for a, b, c, d in rows), occurrences)


def log_facts(doc: Document, name: str, id_patterns: tuple[str, ...]) -> LogFacts:
    """The :class:`LogFacts` of the log ``doc`` named ``name``, citations found for each of ``id_patterns``."""
    cited = tuple((p, tuple(cited_ids(doc, re.compile(p)).items())) for p in id_patterns)
    return LogFacts(doc.path, log_date(name, doc), cited, tuple(error_rows(doc)))


@lru_cache(maxsize=64)
def _id_regex(id_pattern: str) -> re.Pattern[str]:
    """``id_pattern`` as a whole-word regular expression (an id inside ``ERR-MCP-001`` is not one)."""
    return re.compile(rf"(?<![\w-])(?:{id_pattern})(?![\w-])")
