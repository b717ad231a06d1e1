"""The error registry model: entries, their fields and the run logs they link.

The format is run-log-template.md's "Error Logging Standards": each entry is a heading
``### ERR-NNN: title`` followed by a ``| Field | Value |`` table (ID, Status, Category,
Severity, First Seen, Resolved, Run Log). Placeholders such as ``ERR-XXX`` and templates
inside code fences are not entries (fences are not live content in the document model).
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from hooks.document import Document, plain

DEFAULT_ENTRY_HEADING = r"(?P<id>ERR-\d{3,}):\s*(?P<title>.+)"
_BACKTICK = re.compile(r"`([^`]+)`")
_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_BARE = re.compile(r"(?<![\w/.-])((?:\.{1,2}/)?[\w./%-]+\.md(?:#[\w-]*)?)\b")


@dataclass(frozen=True)
class Reference:
    """A run-log reference inside an entry: the text as written and its 1-based line."""

    target: str
    line: int


@dataclass(frozen=True)
class Entry:
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

    @property
    def status(self) -> str:
        """The Status value, upper-cased and stripped of markup ("" when absent)."""
        return plain(self.get("Status") or "").upper()


def references_in(value: str, line: int) -> list[Reference]:
    """Every log reference in a Run Log value: backticked names, markdown links, bare paths."""
    found: list[str] = []
    found.extend(m.group(1).strip() for m in _LINK.finditer(value))
    found.extend(m.group(1).strip() for m in _BACKTICK.finditer(value))
    if not found:
        found.extend(m.group(1) for m in _BARE.finditer(value))
    unique = list(dict.fromkeys(t for t in found if t and t not in {"-", "N/A"}))
    return [Reference(t, line) for t in unique]


def parse_registry(doc: Document, entry_heading: str = DEFAULT_ENTRY_HEADING) -> list[Entry]:
    """The entries of a registry document, in source order (duplicates kept)."""
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
            Entry(
                id=match.group("id"),
                title=(match.groupdict().get("title") or "").strip(),
                line=section.line,
                end_line=section.end_line,
                fields=fields,
                run_logs=tuple(refs),
            )
        )
    return entries


def normalize_target(target: str) -> str:
    """A reference as a POSIX path: anchor and query dropped, URL escapes decoded, ``./`` removed."""
    text = target.split("#", 1)[0].split("?", 1)[0].strip().strip("<>")
    text = urllib.parse.unquote(text).replace("\\", "/")
    while text.startswith("./"):
        text = text[2:]
    return text


def resolve_reference(target: str, registry_file: Path, root: Path, log_folders: tuple[str, ...]) -> tuple[Path | None, str | None]:
    """Find the log a reference names.

    A reference with a folder part resolves relative to the registry's folder; a bare file
    name is looked for in the registry's folder and its ``log_folders`` (``run-logs/``,
    ``sessions/``). Nothing outside ``root`` is read.

    Returns:
        ``(path, None)`` when found; ``(None, reason)`` otherwise, where reason is
        ``"outside"`` (the reference leaves the repository) or ``"missing"``.
    """
    text = normalize_target(target)
    if not text:
        return None, "missing"
    base = registry_file.parent
    root_resolved = root.resolve()
    candidates: list[Path] = []
    posix = PurePosixPath(text)
    if posix.is_absolute() or re.match(r"^[A-Za-z]:/", text):
        return None, "outside"
    if len(posix.parts) > 1:
        candidates.append(base / Path(*posix.parts))
    else:
        candidates.append(base / text)
        candidates.extend(base / folder / text for folder in log_folders)
    outside = False
    for candidate in candidates:
        resolved = candidate.resolve()
        if resolved != root_resolved and root_resolved not in resolved.parents:
            outside = True
            continue
        if resolved.is_file():
            return resolved, None
    return None, "outside" if outside and len(posix.parts) > 1 else "missing"
