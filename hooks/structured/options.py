"""Validated access to a kind's ``options`` for the structured formats.

Kind options are plain data (:attr:`hooks.kinds.kind.Kind.options`). The readers here turn a
wrong type into :class:`hooks.errors.ConfigError` naming the kind file and the option, so a
bad team configuration stops the run with one line (exit 2) instead of crashing a rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hooks.errors import ConfigError
from hooks.kinds.kind import Kind


class OptionReader:
    """Typed getters over one options mapping of ``kind``; ``where`` names the mapping in messages."""

    def __init__(self, kind: Kind, data: Mapping[str, Any] | None = None, where: str = "options") -> None:
        self.kind = kind
        self.data: Mapping[str, Any] = kind.options if data is None else data
        self.where = where

    def fail(self, key: str, expected: str) -> ConfigError:
        """A ConfigError naming the kind file, the option and what was expected."""
        return ConfigError(f"kind {self.kind.name!r}: {self.where}.{key} must be {expected}", self.kind.origin or None)

    def string(self, key: str, default: str | None) -> str | None:
        """A string option (``default`` when absent)."""
        value = self.data.get(key, default)
        if value is not None and not isinstance(value, str):
            raise self.fail(key, "a string")
        return value

    def strings(self, key: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
        """A list of strings (a single string counts as a list of one)."""
        value = self.data.get(key)
        if value is None:
            return default
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(key, "a list of non-empty strings")
        return tuple(value)

    def boolean(self, key: str, default: bool) -> bool:
        """A true/false option."""
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(key, "true or false")
        return value

    def mapping(self, key: str) -> Mapping[str, Any]:
        """A mapping option (empty when absent)."""
        value = self.data.get(key, {})
        if not isinstance(value, Mapping):
            raise self.fail(key, "a mapping")
        return value

    def mappings(self, key: str) -> list[Mapping[str, Any]]:
        """A list of mappings (empty when absent)."""
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
            raise self.fail(key, "a list of mappings")
        return value

    def sub(self, data: Mapping[str, Any], where: str) -> OptionReader:
        """A reader over a nested mapping, named ``where`` in messages."""
        return OptionReader(self.kind, data, f"{self.where}.{where}")

    def reject_unknown(self, allowed: set[str]) -> None:
        """Raise for a key of this mapping that is not in ``allowed``."""
        for key in self.data:
            if key not in allowed:
                raise ConfigError(
                    f"kind {self.kind.name!r}: unknown option {self.where}.{key} (allowed: {', '.join(sorted(allowed))})",
                    self.kind.origin or None,
                )
