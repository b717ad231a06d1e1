"""Which kinds are error registries, and the :class:`~hooks.model.error_registry.RegistryShape` a registry kind's options give.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from hooks.errors import ConfigError
from hooks.kinds.kind import Kind
from hooks.model.document import Document
from hooks.model.error_registry import RegistryEntry, RegistryShape, parse_registry

_SHAPE_STRINGS = {"entry-heading": "entry_heading", "id-pattern": "id_pattern", "severity-field": "severity_field"}


_SHAPE_LISTS = {
    "statuses": "statuses", "open-statuses": "open_statuses", "resolved-statuses": "resolved_statuses",
    "severities": "severities", "log-folders": "log_folders", "log-kinds": "log_kinds",
}


def is_registry_kind(kind: Kind) -> bool:
    """Whether ``kind`` describes an error registry (its options name an ``entry-heading``)."""
    return "entry-heading" in kind.options


def shape_of(kind: Kind) -> RegistryShape:
    """The :class:`RegistryShape` of a registry kind, validated.

    Raises:
        ConfigError: an option has the wrong type or a bad regular expression (names the
            kind file).
    """
    values: dict[str, Any] = {}
    options: Mapping[str, Any] = kind.options
    for key, attribute in _SHAPE_STRINGS.items():
        if key in options:
            value = options[key]
            if not isinstance(value, str) or not value:
                raise ConfigError(f"option {key!r} must be a non-empty string", kind.origin)
            if key != "severity-field":
                try:
                    re.compile(value)
                except re.error as exc:
                    raise ConfigError(f"option {key!r} is not a valid regular expression: {exc}", kind.origin) from None
            values[attribute] = value
    for key, attribute in _SHAPE_LISTS.items():
        if key in options:
            value = options[key]
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                raise ConfigError(f"option {key!r} must be a list of non-empty strings", kind.origin)
            values[attribute] = tuple(value)
    if "scope-up" in options:
        scope = options["scope-up"]
        if isinstance(scope, bool) or not isinstance(scope, int) or not 0 <= scope <= 5:
            raise ConfigError("option 'scope-up' must be a whole number from 0 to 5", kind.origin)
        values["scope_up"] = scope
    shape = RegistryShape(**values)
    if "(?P<id>" not in shape.entry_heading:
        raise ConfigError("option 'entry-heading' needs a group named 'id'", kind.origin)
    return shape


def entries_of(doc: Document, kind: Kind) -> list[RegistryEntry]:
    """:func:`parse_registry` with the entry heading of ``kind``."""
    return parse_registry(doc, shape_of(kind).entry_heading)
