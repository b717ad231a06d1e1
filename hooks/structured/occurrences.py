"""Error occurrences read from the parsed model of every kind that records errors.

Nothing here opens a file or parses: each function reads a model the engine already built
(:class:`~hooks.model.document.Document` for markdown, the models of :mod:`hooks.structured`
for the rest) and returns :class:`~hooks.model.error_patterns.Occurrence` records. The
engine's workers extract a log's occurrences into its
:class:`~hooks.model.error_registry.LogFacts`, so project rules read them without documents.

What counts as an occurrence, by kind:

=====================  =====================================================================
run logs and any       each row of a table directly under a section that says errors
markdown kind          (``Errors Encountered``, ``Errors (3)``, ``Error Details``; a section
                       of the kind whose title says "error"; the titles the kind's
                       ``error-sections`` option lists); each ``## Error: title`` entry
                       (run-log-template.md, "Error Entry") and each ``### ERR-NNN: title``
                       copied into such a section; for a section without a table, each list
                       item, or else its first paragraph
execution logs         ``Issues`` and ``Contract Gaps`` (execution-logging-spec.md), through
                       ``error-sections`` in the shipped kind
exception logs         ``What Happened`` and ``Root Cause``, the same way
error registries       each entry's Error Message (its title when it has none), dated by
                       First Seen (``Logged`` in ``.learnings/ERRORS.md``)
episodes, JSON lines   each record with ``success: false``, its observation as the message
                       (episode-log-steps.md)
run directories        each sprint whose status is failed or error (its ``error``), and each
                       summary step whose status is not a success (run-directory-layout.md)
=====================  =====================================================================

Placeholder rows (``| - | None | - |``, the template's ``[Error message]``) are not errors.
Timestamps come from the log: a row's Time cell on the log's date (file name, else
``Started``/``Timestamp``), an entry's Time field, a record's ``timestamp``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any

from hooks.kinds.kind import Kind
from hooks.kinds.registry_shape import entries_of, is_registry_kind, shape_of
from hooks.model.document import Document, Section, Table, plain
from hooks.model.error_patterns import MAX_MESSAGE, Occurrence
from hooks.model.error_registry import error_message, log_date
from hooks.parse.json_lines import JsonDocument
from hooks.structured import StructuredModel
from hooks.structured.options import OptionReader
from hooks.structured.rundir import RunDirectory

#: Section titles that say errors in any markdown kind (plain text, full match, any case).
ERROR_TITLE = re.compile(
    r"(?:\d+[.)]\s*)?(?:errors?|exceptions?|failures?|problems?)(?:\s+(?:encountered|found|seen|met|details|log|list))?"
    r"(?:\s*\(.*\))?",
    re.I,
)
#: An error entry heading: ``## Error: Tag Filtering Failed`` (run-log-template.md).
ENTRY_TITLE = re.compile(r"(?:error|exception|failure)\s*:\s*(?P<title>.+)", re.I)
#: Column headers naming the message cell, most specific first.
MESSAGE_COLUMNS = ("error message", "error", "message", "description", "issue", "problem", "details", "type", "notes")
#: Column headers that never hold the message.
_NOT_MESSAGE = {"time", "date", "timestamp", "#", "no", "no.", "id", "error id", "step", "attempt", "when"}
_TIME_COLUMNS = ("time", "timestamp", "date", "when")
_FIELD_ROWS = ("error message", "message", "error", "description", "what happened")
_PLACEHOLDER = re.compile(r"^(?:-+|—|–|none\.?|n/?a|nothing|\[.*\]|x+|hh:mm|tbd|\.\.\.)?$", re.I)
_TIME = re.compile(r"\b(\d{2}):(\d{2})(?::(\d{2}))?\b")
_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?))?")
_LIST_ITEM = re.compile(r"^(?: {0,3})(?:[-*+]|\d+[.)])\s+(?P<text>\S.*)$")
_FAILED_SPRINT = {"failed", "failure", "error", "errored", "crashed", "timeout", "timed_out", "aborted"}
_SUCCESS_STEP = {"success", "succeeded", "ok", "completed", "complete", "passed", "done", "skipped"}
_RECORD_MESSAGES = ("observation", "result", "error", "message", "reason")


def _one_line(text: str) -> str:
    """Message text as written, on one line: bold markers dropped (``__`` is kept: it is part
    of names such as ``mcp__heyreach__get_chatroom``)."""
    return " ".join(text.replace("**", "").split())[:MAX_MESSAGE]


def timestamp_of(value: str, day: str | None = None) -> str | None:
    """An ISO 8601 timestamp from a written date or time.

    ``2026-01-03 14:41`` gives ``2026-01-03T14:41``; a bare ``14:41`` is placed on ``day``
    (``YYYY-MM-DD``); a value with neither gives ``day``.
    """
    found = _DATE.search(value)
    if found:
        return f"{found.group(1)}T{found.group(2)}" if found.group(2) else found.group(1)
    clock = _TIME.search(value)
    if clock and day:
        return f"{day}T{clock.group(0)}"
    return day


def _log_day(doc: Document, kind: Kind) -> str | None:
    """The log's date (``YYYY-MM-DD``): file name first, then its started field."""
    name = doc.path.rsplit("/", 1)[-1]
    started = kind.options.get("started-field")
    if isinstance(started, str):
        found = doc.field(started)
        if found is not None:
            stamp = timestamp_of(found.value)
            if stamp and not _DATE.match(name):
                return stamp[:10]
    day = log_date(name, doc)
    return day.isoformat() if day else None


def error_section_titles(kind: Kind) -> tuple[re.Pattern[str], ...]:
    """Title patterns of the sections that record errors in ``kind``, beside :data:`ERROR_TITLE`:
    the kind's sections whose title says "error", and the ``error-sections`` option's titles.

    Raises:
        ConfigError: ``error-sections`` is not a list of strings (names the kind file).
    """
    patterns = [spec.pattern for spec in kind.sections if re.search(r"\berror|\bissue|\bfailure|\bexception", spec.title, re.I)]
    patterns.extend(re.compile(re.escape(title), re.I) for title in OptionReader(kind).strings("error-sections"))
    return tuple(patterns)


def document_occurrences(doc: Document, kind: Kind, id_patterns: Sequence[str] = ()) -> list[Occurrence]:
    """Occurrences recorded in a markdown document of ``kind`` (a registry's entries, or a
    log's error tables, entries and sections), in line order. Cited ids are those of
    ``ERR-NNN``, ``ERR-YYYYMMDD-NNN`` and ``id_patterns`` (the registries' ``id-pattern``).

    Raises:
        ConfigError: the kind's options are invalid.
    """
    if is_registry_kind(kind):
        return registry_occurrences(doc, kind)
    day = _log_day(doc, kind)
    extra = error_section_titles(kind)
    ids = _id_regex(tuple(id_patterns))
    found: dict[int, Occurrence] = {}
    for section in doc.sections:
        if section.level < 2:
            continue
        title = plain(section.title)
        entry = ENTRY_TITLE.fullmatch(title)
        if entry:
            found.setdefault(section.line, _entry(doc, kind, section, entry.group("title"), day, ids))
            continue
        if not (ERROR_TITLE.fullmatch(title) or any(p.fullmatch(title) for p in extra)):
            continue
        for occurrence in _section(doc, kind, section, day, ids):
            found.setdefault(occurrence.line, occurrence)
    return [found[line] for line in sorted(found)]


#: Registry ids as logs cite them: ``ERR-003`` (run-log-template.md) and ``ERR-20260111-001``
#: (``.learnings``); whole words, so ``ERR-XXX`` and ``ERR-NEW`` are not ids.
_ID_ANY = re.compile(r"(?<![\w-])ERR-(?:\d{8}-)?\d{3,}(?![\w-])")


@lru_cache(maxsize=64)
def _id_regex(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """:data:`_ID_ANY` and each of ``patterns`` as whole words, in one expression."""
    if not patterns:
        return _ID_ANY
    return re.compile("|".join([_ID_ANY.pattern, *(rf"(?<![\w-])(?:{p})(?![\w-])" for p in patterns)]))


def _ids(text: str, ids: re.Pattern[str] = _ID_ANY) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.group(0) for m in ids.finditer(text)))


def _entry(doc: Document, kind: Kind, section: Section, title: str, day: str | None, ids: re.Pattern[str]) -> Occurrence:
    """A ``## Error: title`` entry: its ``Error`` field (else the title), dated by ``Time``."""
    fields = {f.key.casefold(): f for f in doc.fields_in(section)}
    message = next((fields[k].value for k in ("error", "error message", "message") if k in fields), title)
    when = next((fields[k].value for k in ("time", "timestamp") if k in fields), "")
    body = " ".join(doc.lines[section.line - 1 : section.end_line])
    return Occurrence(
        doc.path, section.line, timestamp_of(when, day) if when else day, _one_line(message), _ids(body, ids), "error-entry", kind.name
    )


def _section(doc: Document, kind: Kind, section: Section, day: str | None, ids: re.Pattern[str]) -> Iterator[Occurrence]:
    """The occurrences of one error section: its own tables' rows, its ``ERR-NNN``/``Error:``
    subsections, else its list items or first paragraph."""
    own_tables = [t for t in doc.tables_in(section) if doc.section_of(t.line) is section]
    for table in own_tables:
        yield from _table(doc, kind, table, day, ids)
    subsections = [s for s in doc.sections if section.line < s.line <= section.end_line and s.level == section.level + 1]
    for sub in subsections:
        title = plain(sub.title)
        cited = _ids(title, ids)
        entry = ENTRY_TITLE.fullmatch(title)
        if cited or entry:
            text = entry.group("title") if entry else title
            yield Occurrence(
                doc.path,
                sub.line,
                day,
                _one_line(text),
                cited or _ids(" ".join(doc.lines[sub.line - 1 : sub.end_line]), ids),
                "error-entry",
                kind.name,
            )
    if own_tables or subsections:
        return
    yield from _prose(doc, kind, section, day, ids)


def _prose(doc: Document, kind: Kind, section: Section, day: str | None, ids: re.Pattern[str]) -> Iterator[Occurrence]:
    """List items of a section (top level), or its first paragraph when it has none."""
    end = section.end_line
    items = []
    paragraph: list[tuple[int, str]] = []
    for number in range(section.line + 1, end + 1):
        text = doc.lines[number - 1]
        if doc.in_fence(number) or text.lstrip().startswith("#"):
            continue
        item = _LIST_ITEM.match(text)
        if item:
            items.append((number, item.group("text")))
        elif (
            not items
            and text.strip()
            and not text.strip().startswith(("|", "<!--", "---"))
            and (not paragraph or number == paragraph[-1][0] + 1)
        ):
            paragraph.append((number, text.strip()))
    chosen = items or ([(paragraph[0][0], " ".join(t for _, t in paragraph))] if paragraph else [])
    for number, text in chosen:
        message = _one_line(text)
        if _PLACEHOLDER.match(message.strip(" .")) or message.casefold().startswith(("none", "no issues", "no errors")):
            continue
        yield Occurrence(doc.path, number, day, message, _ids(text, ids), "section", kind.name)


def _column(table: Table) -> int | None:
    """The index of the message column of an error table."""
    headers = [plain(h).casefold() for h in table.header]
    for name in MESSAGE_COLUMNS:
        if name in headers:
            return headers.index(name)
    return next((i for i, h in enumerate(headers) if h not in _NOT_MESSAGE), None)


def _table(doc: Document, kind: Kind, table: Table, day: str | None, ids: re.Pattern[str]) -> Iterator[Occurrence]:
    """Rows of an error table; a ``| Field | Value |`` table is one occurrence."""
    headers = [plain(h).casefold() for h in table.header]
    if headers[:1] == ["field"] and len(headers) >= 2:
        values = {plain(r.cells[0]).casefold(): r for r in table.rows if len(r.cells) >= 2}
        row = next((values[k] for k in _FIELD_ROWS if k in values), None)
        if row is not None:
            when = next((plain(values[k].cells[1]) for k in _TIME_COLUMNS if k in values), "")
            text = " | ".join(c for r in table.rows for c in r.cells)
            yield Occurrence(
                doc.path,
                row.line,
                timestamp_of(when, day) if when else day,
                _one_line(row.cells[1]),
                _ids(text, ids),
                "errors-table",
                kind.name,
            )
        return
    column = _column(table)
    time_column = next((headers.index(n) for n in _TIME_COLUMNS if n in headers), None)
    if column is None:
        return
    for row in table.rows:
        cells = [plain(c) for c in row.cells]
        if column >= len(cells) or all(_PLACEHOLDER.match(c.strip()) for c in cells[1:] or cells):
            continue
        message = row.cells[column].strip()
        if _PLACEHOLDER.match(cells[column].strip()) or cells[column].casefold() in {"none", "no errors"}:
            continue
        when = cells[time_column] if time_column is not None and time_column < len(cells) else ""
        yield Occurrence(
            doc.path,
            row.line,
            timestamp_of(when, day) if when else day,
            _one_line(message),
            _ids(" | ".join(row.cells), ids),
            "errors-table",
            kind.name,
        )


def registry_occurrences(doc: Document, kind: Kind) -> list[Occurrence]:
    """One occurrence per registry entry: its Error Message's first line (else its Summary's,
    as ``.learnings`` entries write one, else its title), at the entry's heading, dated by
    First Seen (or Logged).

    Raises:
        ConfigError: the registry kind's options are invalid.
    """
    shape_of(kind)
    found = []
    for entry in entries_of(doc, kind):
        message = error_message(doc, entry)
        text = next((ln for ln in message[0].splitlines() if ln.strip()), "") if message else ""
        text = text or entry.get("Error Message") or entry.get("Error") or _summary(doc, entry.line, entry.end_line)
        seen = entry.get("First Seen") or entry.get("Logged") or entry.get("Date") or ""
        found.append(
            Occurrence(
                doc.path,
                entry.line,
                timestamp_of(plain(seen)),
                _one_line(text or entry.title),
                (entry.id,),
                "registry-entry",
                kind.name,
                entry.id,
            )
        )
    return found


def _summary(doc: Document, start: int, end: int) -> str:
    """The first line of a ``Summary`` subsection between ``start`` and ``end`` (the
    ``.learnings`` entries' ``### Summary``), or ""."""
    for section in doc.sections:
        if start < section.line <= end and plain(section.title).casefold() == "summary":
            for number in range(section.line + 1, section.end_line + 1):
                text = doc.lines[number - 1].strip()
                if text and not doc.in_fence(number):
                    return text
    return ""


def structured_occurrences(model: StructuredModel, kind: Kind) -> list[Occurrence]:
    """Occurrences in a JSON, JSON-lines or run-directory model (text logs record none)."""
    if isinstance(model, JsonDocument):
        return _records(model, kind)
    if isinstance(model, RunDirectory):
        return _run(model, kind)
    return []


def _records(model: JsonDocument, kind: Kind) -> list[Occurrence]:
    """Records with ``success: false`` (episode-log-steps.md, ExecutionStep), the observation
    as message (``tool: action`` when there is none)."""
    found = []
    for record in model.records:
        fields: Mapping[str, Any] = record.fields
        if fields.get("success") is not False:
            continue
        key = next((k for k in _RECORD_MESSAGES if isinstance(fields.get(k), str) and fields[k].strip()), None)
        message = str(fields[key]) if key else f"{fields.get('tool', '')}: {fields.get('action', '')}".strip(": ")
        stamp = fields.get("timestamp")
        found.append(
            Occurrence(
                model.path,
                record.line,
                timestamp_of(stamp) if isinstance(stamp, str) else None,
                _one_line(message or "step failed"),
                _ids(message),
                "episode-step",
                kind.name,
            )
        )
    return found


def _run(model: RunDirectory, kind: Kind) -> list[Occurrence]:
    """Failed sprints (their ``error``) and summary steps not reported as a success."""
    started = model.metadata.get("started") or model.metadata.get("start_timestamp") if model.metadata else None
    day = timestamp_of(started) if isinstance(started, str) else None
    found = []
    for sprint in model.sprints:
        if sprint.status.casefold() in _FAILED_SPRINT:
            stamp = timestamp_of(sprint.started) if sprint.started else day
            found.append(
                Occurrence(
                    sprint.path,
                    sprint.line,
                    stamp,
                    _one_line(sprint.error or f"sprint {sprint.number} {sprint.status}"),
                    _ids(sprint.error),
                    "sprint",
                    kind.name,
                )
            )
    if model.summary is not None:
        for step in model.summary.steps:
            if step.status.casefold() not in _SUCCESS_STEP:
                found.append(
                    Occurrence(
                        model.summary.path, step.line, day, f"Step {step.number}: {step.status}", (), "summary-step", kind.name
                    )
                )
    return found


def occurrences_of(kind: Kind, document: Document | None = None, model: StructuredModel | None = None) -> list[Occurrence]:
    """The occurrences of one parsed file: ``document`` for markdown, ``model`` otherwise."""
    if document is not None:
        return document_occurrences(document, kind)
    if model is not None:
        return structured_occurrences(model, kind)
    return []


__all__ = [
    "ERROR_TITLE",
    "document_occurrences",
    "error_section_titles",
    "occurrences_of",
    "registry_occurrences",
    "structured_occurrences",
    "timestamp_of",
]
