"""Loading kinds: a kind file (YAML) validated into a :class:`hooks.kinds.kind.Kind`.

An unknown key, a bad regular expression or a bad enumeration raises
:class:`hooks.errors.ConfigError` naming the file and line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from hooks.errors import ConfigError
from hooks.io.shipped import load_shipped
from hooks.io.yaml import load_yaml, yaml_line
from hooks.kinds.kind import GRAMMARS, SHIPPED, FieldSpec, Kind, SectionSpec, value_problem
from hooks.kinds.merge import merge_kind
from hooks.kinds.template import compile_template_file
from hooks.model.document import Field

_KIND_KEYS = {
    "name", "description", "source", "format", "paths", "exclude", "filename", "filename-example",
    "title", "title-example", "fields", "sections", "options", "template",
}


_FIELD_KEYS = {"name", "synonyms", "required", "format", "enum", "pattern", "section", "example"}


_SECTION_KEYS = {
    "title", "pattern", "level", "required", "repeat", "columns", "fields", "synonyms", "value-enum", "example", "rows", "footer",
}


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
    if fmt not in GRAMMARS:
        raise reader.fail(f"unknown format {fmt!r} (known: {', '.join(GRAMMARS)})", item, "format")
    spec = FieldSpec(
        name=reader.string(item, "name"),
        synonyms=reader.strings(item, "synonyms"),
        required=reader.boolean(item, "required", True),
        grammar=fmt,
        enum=_enum(reader, item, "enum"),
        pattern=reader.regex(item, "pattern"),
        section=reader.regex(item, "section", re.I),
        example=reader.string(item, "example") if item.get("example") is not None else None,
    )
    if spec.example is not None:

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
    the kind is compiled from it (:func:`hooks.kinds.template.compile_template`) and the mapping's
    other keys are merged over the result (:func:`hooks.kinds.merge.merge_kind`).

    Raises:
        ConfigError: unknown key, wrong type, bad regular expression, bad enumeration,
            unreadable template.
    """
    reader = _Reader(origin)
    item = reader.mapping(node, _KIND_KEYS, "kind")
    template_path = ""
    if "template" in item:

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
        file_format=fmt,
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

    Read through :func:`hooks.io.shipped.load_shipped` (a JSON copy when fresh: start-up time
    matters for commit hooks).
    """

    return [kind_from_mapping(load_shipped(f"kinds/{name}.yaml"), f"hooks/data/kinds/{name}.yaml") for name in SHIPPED]
