"""JSON and JSON-lines logs parsed once into immutable records with source lines.

The standard library's :mod:`json` decodes; a small token scan over the (already valid) text
then records the 1-based line where every value starts, by its path (``("steps", 2,
"latency_ms")``), so rules can point at the line of a field. Nothing here raises for bad
content: a document that does not decode, or a JSON-lines line that does not, becomes a
:class:`JsonError` with its line, and the rest of the file is still read.

Decoded values are frozen: objects become read-only mappings
(:class:`types.MappingProxyType`) and arrays become tuples.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from hooks.io.text import split_lines

#: A path into a JSON value: object keys and array indexes, outermost first.
JsonPath = tuple[str | int, ...]

#: Values deeper than this (in path length) get no line of their own; :meth:`JsonDocument.line_of`
#: falls back to the nearest recorded ancestor.
MAX_LINE_DEPTH = 4

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+')
_JSONL_SUFFIXES = (".jsonl", ".ndjson")


@dataclass(frozen=True)
class JsonError:
    """Text that is not JSON.

    Attributes:
        line: 1-based line of the error.
        column: 1-based column.
        message: what the decoder said (``Expecting ',' delimiter``).
    """

    line: int
    column: int
    message: str


@dataclass(frozen=True)
class JsonRecord:
    """One record: an element of a top-level array, of the container array of an object
    (``steps``), or one line of a JSON-lines file.

    Attributes:
        index: 0-based position among the records.
        line: 1-based line where the record starts.
        value: the decoded, frozen value (usually a mapping).
        key_lines: for an object record, the 1-based line of each key's value.
    """

    index: int
    line: int
    value: Any
    key_lines: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def fields(self) -> Mapping[str, Any]:
        """The record's keys and values; empty when the record is not an object."""
        return self.value if isinstance(self.value, Mapping) else MappingProxyType({})

    def line_of(self, key: str) -> int:
        """The line of ``key``'s value, or the record's line when unknown."""
        return self.key_lines.get(key, self.line)


@dataclass(frozen=True)
class JsonDocument:
    """One JSON or JSON-lines file.

    Attributes:
        path: display path.
        format: ``json`` or ``jsonl``.
        shape: ``array`` (top-level array of records), ``container`` (object holding the
            records under :attr:`container`), ``object`` (an object without a container),
            ``lines`` (JSON lines), ``scalar`` (a bare string or number) or ``invalid``.
        value: the decoded, frozen top-level value (``None`` for JSON lines or invalid JSON).
        container: the key of the records array inside the top-level object, if any.
        records: the records, in file order.
        errors: decode errors, in line order.
        lines: the 1-based start line of each value by path (paths up to
            :data:`MAX_LINE_DEPTH` long; for JSON lines the path starts with the record index).
    """

    path: str
    file_format: str
    shape: str
    value: Any
    container: str | None
    records: tuple[JsonRecord, ...]
    errors: tuple[JsonError, ...]
    lines: Mapping[JsonPath, int]

    def line_of(self, *path: str | int) -> int:
        """The line of the value at ``path``, or of its nearest recorded ancestor (1 at worst)."""
        probe: JsonPath = tuple(path)
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            probe = probe[:-1]
        return self.lines.get((), 1)

    def get(self, *path: str | int) -> Any:
        """The value at ``path`` in :attr:`value`, or ``None`` when any step is missing."""
        current: Any = self.value
        for step in path:
            if isinstance(step, str) and isinstance(current, Mapping):
                current = current.get(step)
            elif isinstance(step, int) and isinstance(current, tuple) and -len(current) <= step < len(current):
                current = current[step]
            else:
                return None
        return current


def freeze(value: Any) -> Any:
    """``value`` with every dict turned into a read-only mapping and every list into a tuple."""
    if isinstance(value, dict):
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(freeze(v) for v in value)
    return value


def value_lines(text: str, max_depth: int = MAX_LINE_DEPTH) -> dict[JsonPath, int]:
    """The 1-based start line of every value in valid JSON ``text``, by path.

    ``text`` must already have decoded without error (the scan trusts its structure).
    """
    newlines = [m.start() for m in re.finditer("\n", text)]
    lines: dict[JsonPath, int] = {}
    # Each frame: [opener, current key or index, expecting a key (objects only)].
    stack: list[list[Any]] = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token == ":":
            continue
        if token == ",":
            if stack and stack[-1][0] == "[":
                stack[-1][1] += 1
            elif stack:
                stack[-1][2] = True
            continue
        if token in "]}":
            if stack:
                stack.pop()
            continue
        if stack and stack[-1][0] == "{" and stack[-1][2]:
            try:
                stack[-1][1] = json.loads(token)
            except ValueError:
                stack[-1][1] = token.strip('"')
            stack[-1][2] = False
            continue
        path: JsonPath = tuple(frame[1] for frame in stack)
        if len(path) <= max_depth:
            lines.setdefault(path, bisect.bisect_right(newlines, match.start()) + 1)
        if token == "{":
            stack.append(["{", None, True])
        elif token == "[":
            stack.append(["[", 0, False])
    return lines


def _decode(text: str) -> tuple[Any, JsonError | None]:
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        return None, JsonError(exc.lineno, exc.colno, exc.msg)
    except RecursionError:
        return None, JsonError(1, 1, "nested too deeply")
    except ValueError as exc:  # e.g. integers too long to convert
        return None, JsonError(1, 1, str(exc).splitlines()[0])


def is_json_lines(path: str, format: str) -> bool:
    """Whether a file of kind format ``format`` at ``path`` is read as JSON lines: kind format
    ``jsonl``, or kind format ``json`` with a ``.jsonl`` / ``.ndjson`` name."""
    return format == "jsonl" or path.lower().endswith(_JSONL_SUFFIXES)


def parse_json(path: str, text: str, format: str = "json", containers: Sequence[str] = ("steps",)) -> JsonDocument:
    """Parse ``text`` as a JSON document or as JSON lines (see :func:`is_json_lines`).

    Args:
        path: display path (kept in the model; also decides JSON lines by its suffix).
        text: the decoded file text.
        format: the kind's format, ``json`` or ``jsonl``.
        containers: keys that may hold the records array in a top-level object, tried in order.

    Never raises for bad content.
    """
    if is_json_lines(path, format):
        return _parse_lines(path, text)
    value, error = _decode(text)
    if error is not None:
        return JsonDocument(path, "json", "invalid", None, None, (), (error,), MappingProxyType({}))
    try:
        frozen = freeze(value)
    except RecursionError:
        return JsonDocument(path, "json", "invalid", None, None, (), (JsonError(1, 1, "nested too deeply"),), MappingProxyType({}))
    lines = value_lines(text)
    records: tuple[JsonRecord, ...] = ()
    container: str | None = None
    if isinstance(frozen, tuple):
        shape = "array"
        records = _records(frozen, (), lines)
    elif isinstance(frozen, Mapping):
        container = next((key for key in containers if isinstance(frozen.get(key), tuple)), None)
        shape = "container" if container is not None else "object"
        if container is not None:
            records = _records(frozen[container], (container,), lines)
    else:
        shape = "scalar"
    return JsonDocument(path, "json", shape, frozen, container, records, (), MappingProxyType(lines))


def _records(items: tuple[Any, ...], prefix: JsonPath, lines: Mapping[JsonPath, int]) -> tuple[JsonRecord, ...]:
    records = []
    for index, item in enumerate(items):
        start = lines.get((*prefix, index), lines.get(prefix, 1))
        key_lines: dict[str, int] = {}
        if isinstance(item, Mapping):
            key_lines = {str(key): lines.get((*prefix, index, key), start) for key in item}
        records.append(JsonRecord(index, start, item, MappingProxyType(key_lines)))
    return tuple(records)


def _parse_lines(path: str, text: str) -> JsonDocument:
    records: list[JsonRecord] = []
    errors: list[JsonError] = []
    lines: dict[JsonPath, int] = {}
    for number, raw in enumerate(split_lines(text), 1):
        if not raw.strip():
            continue
        value, error = _decode(raw)
        if error is not None:
            errors.append(JsonError(number, error.column, error.message))
            continue
        try:
            frozen = freeze(value)
        except RecursionError:
            errors.append(JsonError(number, 1, "nested too deeply"))
            continue
        index = len(records)
        lines[(index,)] = number
        key_lines = {str(key): number for key in frozen} if isinstance(frozen, Mapping) else {}
        records.append(JsonRecord(index, number, frozen, MappingProxyType(key_lines)))
    return JsonDocument(path, "jsonl", "lines", None, None, tuple(records), tuple(errors), MappingProxyType(lines))
