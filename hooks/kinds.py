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

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from hooks.errors import ConfigError

#: Value grammars a field may name with ``format:``; each is a full-match regular expression
#: checked further by :func:`hooks.values.check_value` (real calendar dates and times).
FORMATS = ("date", "time", "datetime-minute", "iso8601", "integer", "yes-no", "any")

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
        format: one of :data:`FORMATS`.
        enum: allowed values (case-insensitive), empty for any.
        pattern: a regular expression the value must match from its start, or ``None``.
        section: title pattern of the section holding the field; ``None`` for the header.
        example: the value ``runlog new`` writes; checked against the field's grammar on load.
    """

    name: str
    synonyms: tuple[str, ...] = ()
    required: bool = True
    format: str = "any"
    enum: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None
    section: re.Pattern[str] | None = None
    example: str | None = None

    def keys(self) -> set[str]:
        """All case-folded keys that name this field."""
        return {self.name.casefold(), *(s.casefold() for s in self.synonyms)}


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
        format: ``markdown``, ``json``, ``jsonl`` or ``text``: how files are parsed.
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
    format: str = "markdown"
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


_KIND_KEYS = {
    "name", "description", "source", "format", "paths", "exclude", "filename", "filename-example",
    "title", "title-example", "fields", "sections", "options", "template",
}
_FIELD_KEYS = {"name", "synonyms", "required", "format", "enum", "pattern", "section", "example"}
_SECTION_KEYS = {
    "title", "pattern", "level", "required", "repeat", "columns", "fields", "synonyms", "value-enum", "example", "rows", "footer",
}


def yaml_line(node: Any, key: Any = None) -> int | None:
    """1-based line of ``node`` (or of ``key`` inside it) as ruamel.yaml recorded it;
    ``None`` for plain containers (the JSON copy of shipped data) or unknown keys."""
    try:
        if key is not None and isinstance(node, CommentedMap):
            return int(node.lc.key(key)[0]) + 1
        if key is not None and isinstance(node, CommentedSeq):
            return int(node.lc.item(key)[0]) + 1
        return int(node.lc.line) + 1
    except (AttributeError, KeyError, TypeError, IndexError):
        return None


class _Reader:
    """Validating accessors over one YAML mapping; every error names ``origin`` and a line."""

    def __init__(self, origin: str) -> None:
        self.origin = origin

    def fail(self, message: str, node: Any = None, key: Any = None) -> ConfigError:
        return ConfigError(message, self.origin, yaml_line(node, key) if node is not None else None)

    def mapping(self, node: Any, allowed: set[str], what: str, parent: Any = None, key: Any = None) -> dict[Any, Any]:
        if not isinstance(node, dict):
            raise self.fail(f"{what} must be a mapping", parent if parent is not None else node, key)
        for name in node:
            if name not in allowed:
                raise self.fail(f"unknown key {name!r} in {what} (allowed: {', '.join(sorted(allowed))})", node, name)
        return node

    def string(self, node: dict[Any, Any], key: str, default: str | None = None) -> str:
        if key not in node:
            if default is None:
                raise self.fail(f"missing required key {key!r}", node)
            return default
        value = node[key]
        if not isinstance(value, str):
            raise self.fail(f"{key!r} must be a string", node, key)
        return value

    def boolean(self, node: dict[Any, Any], key: str, default: bool) -> bool:
        value = node.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(f"{key!r} must be true or false", node, key)
        return value

    def integer(self, node: dict[Any, Any], key: str, default: int, low: int, high: int) -> int:
        value = node.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(f"{key!r} must be a whole number from {low} to {high}", node, key)
        return value

    def strings(self, node: dict[Any, Any], key: str) -> tuple[str, ...]:
        value = node.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(f"{key!r} must be a list of non-empty strings", node, key)
        return tuple(value)

    def regex(self, node: dict[Any, Any], key: str, flags: int = 0) -> re.Pattern[str] | None:
        if key not in node or node[key] is None:
            return None
        text = self.string(node, key)
        try:
            return re.compile(text, flags)
        except re.error as exc:
            raise self.fail(f"{key!r} is not a valid regular expression: {exc}", node, key) from None


def _enum(reader: _Reader, item: dict[Any, Any], key: str) -> tuple[str, ...]:
    """A validated enumeration: a non-empty list of distinct (case-insensitive) strings."""
    enum = reader.strings(item, key)
    if key in item and not enum:
        raise reader.fail(f"{key!r} must list at least one value", item, key)
    if len({e.casefold() for e in enum}) != len(enum):
        raise reader.fail(f"{key!r} lists a value twice", item, key)
    return enum


def _field_spec(reader: _Reader, node: Any, parent: Any, index: int) -> FieldSpec:
    if isinstance(node, str):
        return FieldSpec(name=node)
    item = reader.mapping(node, _FIELD_KEYS, "field", parent, index)
    fmt = reader.string(item, "format", "any")
    if fmt not in FORMATS:
        raise reader.fail(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})", item, "format")
    spec = FieldSpec(
        name=reader.string(item, "name"),
        synonyms=reader.strings(item, "synonyms"),
        required=reader.boolean(item, "required", True),
        format=fmt,
        enum=_enum(reader, item, "enum"),
        pattern=reader.regex(item, "pattern"),
        section=reader.regex(item, "section", re.I),
        example=reader.string(item, "example") if item.get("example") is not None else None,
    )
    if spec.example is not None:
        from hooks.document import Field  # noqa: PLC0415
        from hooks.rules.invalid_field_value import value_problem  # noqa: PLC0415 - rules import kinds

        message = value_problem(spec, Field(spec.name, spec.example, 0, None))
        if message:
            raise reader.fail(f"'example' of field {spec.name!r} is invalid: {message}", item, "example")
    return spec


def _section_spec(reader: _Reader, node: Any, parent: Any, index: int) -> SectionSpec:
    item = reader.mapping(node, _SECTION_KEYS, "section", parent, index)
    title = reader.string(item, "title")
    pattern = reader.regex(item, "pattern", re.I) or re.compile(re.escape(title), re.I)
    synonyms = reader.strings(item, "synonyms")
    if synonyms:
        alternatives = [f"(?:{pattern.pattern})", *(re.escape(s) for s in synonyms)]
        pattern = re.compile("|".join(alternatives), re.I)
    fields_node = item.get("fields", [])
    if not isinstance(fields_node, list):
        raise reader.fail("'fields' must be a list", item, "fields")
    columns = reader.strings(item, "columns")
    rows_node = item.get("rows", [])
    if not isinstance(rows_node, list) or not all(
        isinstance(r, list) and all(isinstance(c, str) for c in r) for r in rows_node
    ):
        raise reader.fail("'rows' must be a list of rows, each a list of cell texts", item, "rows")
    if any(len(r) != len(columns) for r in rows_node):
        raise reader.fail(f"every row in 'rows' must have {len(columns)} cells, one per column", item, "rows")
    example = reader.string(item, "example", title)
    if "example" in item and not pattern.fullmatch(example):
        raise reader.fail(f"'example' {example!r} does not match the section's pattern", item, "example")
    return SectionSpec(
        title=title,
        pattern=pattern,
        level=reader.integer(item, "level", 2, 1, 6),
        required=reader.boolean(item, "required", True),
        repeat=reader.boolean(item, "repeat", False),
        columns=columns,
        fields=tuple(_field_spec(reader, f, fields_node, i) for i, f in enumerate(fields_node)),
        synonyms=synonyms,
        value_enum=_enum(reader, item, "value-enum"),
        example=example,
        rows=tuple(tuple(r) for r in rows_node),
        footer=reader.string(item, "footer", ""),
    )


def kind_from_mapping(node: Any, origin: str, base: Path | None = None) -> Kind:
    """Build a :class:`Kind` from a parsed YAML mapping; ``origin`` names the file for errors.

    A ``template:`` key names a template file (relative to ``base``, the kind file's folder):
    the kind is compiled from it (:func:`hooks.template.compile_template`) and the mapping's
    other keys are merged over the result (:func:`hooks.kind_overrides.merge_kind`).

    Raises:
        ConfigError: unknown key, wrong type, bad regular expression, bad enumeration,
            unreadable template.
    """
    reader = _Reader(origin)
    item = reader.mapping(node, _KIND_KEYS, "kind")
    template_path = ""
    if "template" in item:
        from hooks.kind_overrides import merge_kind  # noqa: PLC0415 - both import this module
        from hooks.template import compile_template_file  # noqa: PLC0415

        relative = Path(reader.string(item, "template"))
        resolved = relative if relative.is_absolute() else (base or Path.cwd()) / relative
        try:
            compiled = compile_template_file(resolved, name=str(item.get("name", "")) or None)
        except ConfigError as exc:
            raise reader.fail(f"template {str(relative)!r}: {exc.message}", item, "template") from None
        item = merge_kind(compiled, item, reader)
        template_path = str(resolved)
    fmt = reader.string(item, "format", "markdown")
    if fmt not in {"markdown", "json", "jsonl", "text", "run-directory"}:
        raise reader.fail(f"unknown format {fmt!r} (known: markdown, json, jsonl, text, run-directory)", item, "format")
    fields_node = item.get("fields", [])
    sections_node = item.get("sections", [])
    if not isinstance(fields_node, list):
        raise reader.fail("'fields' must be a list", item, "fields")
    if not isinstance(sections_node, list):
        raise reader.fail("'sections' must be a list", item, "sections")
    options = item.get("options", {})
    if not isinstance(options, dict):
        raise reader.fail("'options' must be a mapping", item, "options")
    return Kind(
        name=reader.string(item, "name"),
        description=reader.string(item, "description", ""),
        source=reader.string(item, "source", ""),
        format=fmt,
        paths=reader.strings(item, "paths"),
        exclude=reader.strings(item, "exclude"),
        filename=reader.regex(item, "filename"),
        filename_example=reader.string(item, "filename-example", ""),
        title=reader.regex(item, "title", re.I),
        title_example=reader.string(item, "title-example", ""),
        fields=tuple(_field_spec(reader, f, fields_node, i) for i, f in enumerate(fields_node)),
        sections=tuple(_section_spec(reader, s, sections_node, i) for i, s in enumerate(sections_node)),
        options=_plain(options),
        origin=origin,
        template=template_path,
    )


def _plain(node: Any) -> Any:
    """ruamel containers to plain dicts and lists (options are read-only data)."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


#: Most nodes a YAML document may hold with its aliases expanded. An alias bomb ("billion
#: laughs") is a few hundred nodes that expand to 9**9; any code walking it would hang.
MAX_YAML_NODES = 100_000
#: Deepest flow nesting (``[`` and ``{``, counted without regard to quotes) accepted.
MAX_FLOW_DEPTH = 100
_FLOW_BRACKET = re.compile(r"[\[\]{}]")


def _bounded(node: Any, origin: str) -> None:
    """Raise :class:`ConfigError` when ``node`` expands (aliases followed) past
    :data:`MAX_YAML_NODES` nodes or holds itself. Shared nodes are counted once per use, in
    time linear in the distinct nodes."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(value: Any) -> int:
        if not isinstance(value, (dict, list)):
            return 1
        key = id(value)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise ConfigError("malformed YAML: an alias refers to the node holding it", origin)
        active.add(key)
        total = 1
        for child in value.values() if isinstance(value, dict) else value:
            total += size(child)
            if total > MAX_YAML_NODES:
                raise ConfigError(f"YAML expands to more than {MAX_YAML_NODES} nodes through aliases (an alias bomb?)", origin)
        active.discard(key)
        sizes[key] = total
        return total

    size(node)


def load_yaml(text: str, origin: str) -> Any:
    """Parse YAML safely keeping line numbers: unknown tags (``!!python/object``) stay data,
    never Python objects; aliases may expand to at most :data:`MAX_YAML_NODES` nodes.

    Raises:
        ConfigError: the YAML is malformed, nested too deeply, an alias bomb, or holds a
            number too long to convert (over 4,300 digits); the message names the line.
    """
    yaml = YAML(typ="rt", pure=True)
    depth = 0
    for match in _FLOW_BRACKET.finditer(text):  # ruamel takes seconds to hit its recursion limit
        depth = depth + 1 if match.group() in "[{" else max(0, depth - 1)
        if depth > MAX_FLOW_DEPTH:
            raise ConfigError("malformed YAML: nested too deeply", origin, text.count("\n", 0, match.start()) + 1)
    try:
        node = yaml.load(text)
        _bounded(node, origin)
        return node
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"malformed YAML: {problem}", origin, mark.line + 1 if mark else None) from None
    except RecursionError:
        raise ConfigError("malformed YAML: nested too deeply", origin) from None
    except ValueError:  # int() refuses numbers of more than 4,300 digits
        long_number = re.search(r"\d{1000,}", text)
        line = text.count("\n", 0, long_number.start()) + 1 if long_number else None
        raise ConfigError("malformed YAML: a number is too long", origin, line) from None


def load_kind_file(path: Path) -> Kind:
    """Load and validate one kind file.

    Raises:
        ConfigError: unreadable, malformed or invalid kind file.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read kind file: {exc}", str(path)) from None
    return kind_from_mapping(load_yaml(text, str(path)), str(path), path.parent)


def shipped_kinds() -> list[Kind]:
    """The kinds shipped in ``hooks/data/kinds/``, in the order of :data:`SHIPPED`.

    Read through :func:`hooks.shipped.load_shipped` (a JSON copy when fresh: start-up time
    matters for commit hooks).
    """
    from hooks.shipped import load_shipped

    return [kind_from_mapping(load_shipped(f"kinds/{name}.yaml"), f"hooks/data/kinds/{name}.yaml") for name in SHIPPED]


def classify(kinds: list[Kind], posix_path: str) -> Kind | None:
    """The first kind in ``kinds`` that ``posix_path`` belongs to, or ``None``."""
    return next((k for k in kinds if k.matches(posix_path)), None)
