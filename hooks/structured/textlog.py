"""Plain-text entry logs (``design-experiment.log``) parsed once into immutable entries.

Source: design-experiment-logging.md, "Log Format"::

    [{timestamp}] {ACTION_TYPE}: {Brief description}
    Command: {command_run}
    Result: {result_summary}
    Explanation: {why_this_matters}

An entry starts at a line beginning with ``[``; the ``Key: value`` lines after it are its
details (``Command``, ``Result``, ``Explanation``, ``Input``, ``Calculation``, ``Decision``,
``Reasoning``, ``Status``, ``Next Steps`` in the spec's examples). Indented lines continue
the detail above them. Anything else is kept as a :class:`LooseLine` for rules to judge.
The parser never raises and never judges: a bad timestamp is kept with ``when=None``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from hooks.io.text import split_lines
from hooks.kinds.kind import Kind
from hooks.structured.options import OptionReader

#: The timestamp the spec prescribes: ``YYYY-MM-DD HH:MM:SS``.
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S"

_HEADER = re.compile(r"^\[(?P<stamp>[^\]\n]*)\]\s*(?P<action>[^:\s][^:]*?)?\s*:\s*(?P<description>.*?)\s*$")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")
_DETAIL = re.compile(r"^(?P<key>[A-Za-z][A-Za-z_]*(?: [A-Za-z_]+){0,3})\s*:(?:\s+(?P<value>.*?))?\s*$")


@dataclass(frozen=True)
class Detail:
    """A ``Key: value`` line under an entry.

    Attributes:
        key: the key as written (``Next Steps``).
        value: the value, stripped (continuation lines not included).
        line: 1-based line.
    """

    key: str
    value: str
    line: int


@dataclass(frozen=True)
class LogEntry:
    """One ``[timestamp] ACTION_TYPE: description`` entry and its detail lines.

    Attributes:
        line: 1-based line of the header.
        stamp: the text between the brackets, as written.
        when: the timestamp when it is a real ``YYYY-MM-DD HH:MM:SS`` date and time, else ``None``.
        action: the action type as written (``VERIFY_MODEL``); empty when missing.
        description: the text after the colon, stripped.
        details: the detail lines, in order.
        end_line: 1-based last line belonging to the entry.
    """

    line: int
    stamp: str
    when: dt.datetime | None
    action: str
    description: str
    details: tuple[Detail, ...]
    end_line: int

    def detail(self, key: str) -> Detail | None:
        """The first detail whose key equals ``key`` (case-insensitive), or ``None``."""
        wanted = key.casefold()
        return next((d for d in self.details if d.key.casefold() == wanted), None)


@dataclass(frozen=True)
class LooseLine:
    """A non-blank line that is neither an entry header, a detail nor a continuation.

    Attributes:
        line: 1-based line.
        text: the line as written.
        reason: ``before-first-entry``, ``not-a-detail`` or ``bad-header`` (starts with ``[``
            but is not ``[...] ACTION: ...``).
    """

    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class TextLog:
    """One parsed entry log.

    Attributes:
        path: display path.
        lines: the text split into lines, without line ends.
        entries: the entries, in file order.
        loose: lines that fit no part of the format, in file order.
    """

    path: str
    lines: tuple[str, ...]
    entries: tuple[LogEntry, ...]
    loose: tuple[LooseLine, ...]


def parse_timestamp(stamp: str) -> dt.datetime | None:
    """``YYYY-MM-DD HH:MM:SS`` as a datetime, or ``None`` when the shape or the calendar is wrong."""
    text = stamp.strip()
    if not _TIMESTAMP.fullmatch(text):
        return None
    try:
        return dt.datetime.strptime(text, TIMESTAMP_FORMAT)
    except ValueError:
        return None


def parse_textlog(path: str, text: str) -> TextLog:
    """Parse an entry log. Never raises for bad content."""
    lines = tuple(split_lines(text))
    entries: list[LogEntry] = []
    loose: list[LooseLine] = []
    # The open entry's header: (line, stamp, action, description).
    current: tuple[int, str, str, str] | None = None
    details: list[Detail] = []

    def close(end: int) -> None:
        if current is not None:
            line, stamp, action, description = current
            entries.append(LogEntry(line, stamp, parse_timestamp(stamp), action, description, tuple(details), end))

    last_content = 0
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        if raw.startswith("["):
            header = _HEADER.match(raw)
            if header is None:
                loose.append(LooseLine(number, raw, "bad-header"))
                last_content = number
                continue
            close(last_content)
            current = (number, header.group("stamp"), (header.group("action") or "").strip(), header.group("description"))
            details = []
            last_content = number
            continue
        last_content = number
        if current is None:
            loose.append(LooseLine(number, raw, "before-first-entry"))
            continue
        if raw[0] in " \t" and details:
            continue  # continues the detail above
        detail = _DETAIL.match(raw)
        if detail is None:
            loose.append(LooseLine(number, raw, "not-a-detail"))
            continue
        details.append(Detail(detail.group("key"), detail.group("value") or "", number))
    close(last_content)
    return TextLog(path, lines, tuple(entries), tuple(loose))


@dataclass(frozen=True)
class EntryOptions:
    """An entry-log kind's options, validated.

    Attributes:
        action_types: the allowed ACTION_TYPE values (exact, case-sensitive); empty for any.
        detail_keys: the known detail keys (case-insensitive).
        required_details: ACTION_TYPE to the detail keys its entries must have; ``*`` applies
            to action types not listed.
    """

    action_types: tuple[str, ...]
    detail_keys: tuple[str, ...]
    required_details: Mapping[str, tuple[str, ...]]

    def required_for(self, action: str) -> tuple[str, ...]:
        """The detail keys an entry of ``action`` must have."""
        return self.required_details.get(action, self.required_details.get("*", ()))


def entry_options(kind: Kind) -> EntryOptions:
    """Read and validate the entry-log options of ``kind``.

    Raises:
        ConfigError: unknown option, wrong type, or a required detail that is not a known key.
    """
    reader = OptionReader(kind)
    reader.reject_unknown({"action-types", "detail-keys", "required-details"})
    detail_keys = reader.strings("detail-keys")
    known = {k.casefold() for k in detail_keys}
    required: dict[str, tuple[str, ...]] = {}
    details = reader.sub(reader.mapping("required-details"), "required-details")
    for action in details.data:
        keys = details.strings(str(action))
        unknown = [k for k in keys if known and k.casefold() not in known]
        if unknown:
            raise details.fail(str(action), f"a list of detail-keys ({unknown[0]!r} is not one)")
        required[str(action)] = keys
    return EntryOptions(reader.strings("action-types"), detail_keys, MappingProxyType(required))
