"""Kinds: what a log of each format must look like, as data.

A kind is a YAML file (shipped ones live in ``hooks/data/kinds/``; teams add their own through
configuration). It names the paths it applies to, the file-name pattern, the title, the
header fields with their value grammars, and the required sections with their tables. Rules
read the kind; nothing about a format is hard-coded in a rule.

Kind files are loaded with ruamel.yaml and validated on load: an unknown key, a bad regular
expression or a bad enumeration raises :class:`hooks.errors.ConfigError` naming the file and
line.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from hooks.errors import safe
from hooks.model.document import Field, plain
from hooks.model.values import check_value

#: Value grammars a field may name with ``format:``; each is a full-match regular expression
#: checked further by :func:`hooks.model.values.check_value` (real calendar dates and times).
GRAMMARS = ("date", "time", "datetime-minute", "iso8601", "integer", "yes-no", "any")

#: Names of the kinds shipped in the package, in detection order.
SHIPPED = (
    "run-log", "session-summary", "error-registry", "execution-log", "exception-log", "learnings-errors",
    "design-experiment", "run-directory", "episode", "orchestrator-log",
)


@dataclass(frozen=True)
class FieldSpec:
    """A header field a kind expects.

    Attributes:
        name: the key as the spec writes it (``Started``).
        synonyms: other keys that count as this field (case-insensitive).
        required: whether its absence is a finding.
        grammar: the value grammar (YAML key ``format``), one of :data:`GRAMMARS`.
        enum: allowed values (case-insensitive), empty for any.
        pattern: a regular expression the value must match from its start, or ``None``.
        section: title pattern of the section holding the field; ``None`` for the header.
        example: the value ``runlog new`` writes; checked against the field's grammar on load.
    """

    name: str
    synonyms: tuple[str, ...] = ()
    required: bool = True
    grammar: str = "any"
    enum: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None
    section: re.Pattern[str] | None = None
    example: str | None = None

    @functools.cached_property
    def _keys(self) -> frozenset[str]:
        return frozenset({self.name.casefold(), *(s.casefold() for s in self.synonyms)})

    def keys(self) -> frozenset[str]:
        """All case-folded keys that name this field (computed once)."""
        return self._keys


@dataclass(frozen=True)
class SectionSpec:
    """A section a kind expects.

    Attributes:
        title: human form of the title, for messages (``Step N: ...``).
        pattern: compiled full-match pattern for the plain heading text (case-insensitive).
        level: heading level (2 for ``##``).
        required: whether its absence is a finding.
        repeat: whether it may occur several times (``## Step N``).
        columns: required table columns, in order; empty when no table is required.
        fields: fields required inside the section.
        synonyms: other titles that count as this section (literal, case-insensitive);
            already folded into :attr:`pattern`.
        value_enum: for a section whose body is one value (``## Outcome`` with ``[Success
            | Partial | Failed]``, execution-logging-spec.md), the allowed values; empty for
            free text.
        example: the heading text ``runlog new`` writes (default: :attr:`title`).
        rows: table body rows ``runlog new`` writes under the header (cell texts).
        footer: a line ``runlog new`` writes after the table (the template's footnote).
    """

    title: str
    pattern: re.Pattern[str]
    level: int = 2
    required: bool = True
    repeat: bool = False
    columns: tuple[str, ...] = ()
    fields: tuple[FieldSpec, ...] = ()
    synonyms: tuple[str, ...] = ()
    value_enum: tuple[str, ...] = ()
    example: str = ""
    rows: tuple[tuple[str, ...], ...] = ()
    footer: str = ""


@dataclass(frozen=True)
class Kind:
    """One log format.

    Attributes:
        name: identifier (``run-log``).
        description: one sentence.
        source: where the format is defined (spec file name).
        file_format: ``markdown``, ``json``, ``jsonl``, ``text`` or ``run-directory``: how files are parsed (YAML key ``format``).
        paths: glob patterns (``**`` allowed) a file's POSIX path must match.
        exclude: glob patterns that take a file out of the kind.
        filename: full-match pattern for the base name, or ``None``.
        filename_example: an example name for messages.
        title: full-match pattern for the H1 text, or ``None``.
        title_example: the template's H1 for messages.
        fields: header fields.
        sections: sections in their required order.
        options: kind-specific settings read by rules (e.g. ``modes``), as plain data.
        origin: the file the kind came from, for messages.
        template: the template file the kind was compiled from (``template:`` key), or ``""``.
    """

    name: str
    description: str = ""
    source: str = ""
    file_format: str = "markdown"
    paths: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    filename: re.Pattern[str] | None = None
    filename_example: str = ""
    title: re.Pattern[str] | None = None
    title_example: str = ""
    fields: tuple[FieldSpec, ...] = ()
    sections: tuple[SectionSpec, ...] = ()
    options: dict[str, Any] = field(default_factory=dict)
    origin: str = ""
    template: str = ""

    def matches(self, posix_path: str) -> bool:
        """Whether a POSIX path (relative or absolute) belongs to this kind (some pattern of
        ``paths`` matches, as :func:`glob_match`, and none of ``exclude``)."""
        included = _any_glob(tuple(self.paths))
        if included is None or included.search(posix_path) is None:
            return False
        excluded = _any_glob(tuple(self.exclude))
        return excluded is None or excluded.search(posix_path) is None


_GLOB_CACHE: dict[str, re.Pattern[str]] = {}
_ANY_GLOB_CACHE: dict[tuple[str, ...], re.Pattern[str] | None] = {}


def _glob_regex(pattern: str) -> str:
    """The regular expression :func:`glob_match` searches for ``pattern``."""
    body = ""
    index = 0
    # searched for at a folder boundary anyway, a leading "**/" adds nothing but backtracking
    while not pattern.startswith("/") and pattern.startswith("**/", index):
        index += 3
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**/", index):
            body += "(?:[^/]*/)*"
            index += 3
            continue
        if pattern.startswith("**", index):
            body += ".*"
            index += 2
            continue
        body += {"*": "[^/]*", "?": "[^/]"}.get(char, re.escape(char))
        index += 1
    anchor = "^" if pattern.startswith("/") else "(?:^|/)"
    return anchor + body.lstrip("/") + "$"


def _any_glob(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    """One compiled alternation that a path matches when any of ``patterns`` does
    (:func:`glob_match`), compiled once per tuple; ``None`` for no patterns."""
    try:
        return _ANY_GLOB_CACHE[patterns]
    except KeyError:
        pass
    compiled = re.compile("|".join(f"(?:{_glob_regex(p)})" for p in patterns)) if patterns else None
    _ANY_GLOB_CACHE[patterns] = compiled
    return compiled


def _any_name(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    """An alternation that a file *name* fully matches when some pattern's last component
    does (``**/run-logs/*.md`` -> ``[^/]*\\.md``); ``None`` when a pattern ends in ``**``
    (any name) or there are no patterns."""
    names = []
    for pattern in patterns:
        last = pattern.rpartition("/")[2]
        if not last or "**" in last:
            return None
        names.append(_glob_regex("/" + last).removeprefix("^").removesuffix("$"))
    return re.compile("|".join(f"(?:{n})" for n in names)) if names else None


def glob_match(pattern: str, posix_path: str) -> bool:
    """Match a glob with ``**`` (any folders), ``*`` and ``?`` against the end of a path.

    A pattern matches a relative or absolute path when it matches a suffix that starts at a
    folder boundary, so ``run-logs/*.md`` matches ``/repo/training/run-logs/a.md``.
    """
    compiled = _GLOB_CACHE.get(pattern)
    if compiled is None:
        compiled = re.compile(_glob_regex(pattern))
        _GLOB_CACHE[pattern] = compiled
    return compiled.search(posix_path) is not None


#: The alternation of every kind's globs, by the identity of the kinds sequence.
_ANY_KIND: dict[int, tuple[object, re.Pattern[str] | None, re.Pattern[str] | None]] = {}


def classify(kinds: list[Kind] | tuple[Kind, ...], posix_path: str) -> Kind | None:
    """The first kind in ``kinds`` that ``posix_path`` belongs to, or ``None``.

    One precompiled alternation of every kind's path globs rules most paths out with a
    single regular-expression search (most files of a repository are of no kind); only a
    path it matches is tried kind by kind, in order.
    """
    held = _ANY_KIND.get(id(kinds))
    if held is None or held[0] is not kinds:
        patterns = tuple(p for k in kinds for p in k.paths)
        held = _ANY_KIND[id(kinds)] = (kinds, _any_name(patterns), _any_glob(patterns))
    _, names, anything = held
    if names is not None and names.fullmatch(posix_path.rpartition("/")[2]) is None:
        return None
    if anything is None or anything.search(posix_path) is None:
        return None
    return next((k for k in kinds if k.matches(posix_path)), None)


def value_problem(spec: FieldSpec, field: Field) -> str | None:
    """The message for ``field`` not meeting ``spec``, or ``None`` when it does."""
    value = plain(field.value)
    if spec.enum and value.casefold() not in {e.casefold() for e in spec.enum}:
        return f"{spec.name} {safe(value, 60)!r} is not one of: {' / '.join(spec.enum)}"
    expected = check_value(spec.grammar, value)
    if expected is not None:
        return f"{spec.name} {safe(value, 60)!r} is not {expected}"
    if spec.pattern is not None and not spec.pattern.match(value):
        example = f" (e.g. {spec.example!r})" if spec.example else ""
        return f"{spec.name} {safe(value, 60)!r} does not match the pattern {spec.pattern.pattern!r}{example}"
    return None
