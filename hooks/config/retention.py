"""The run-log retention policy (``retention:`` in configuration), read by ``runlog prune``.

run-log-template.md, Retention: keep logs 30 days at least; never delete logs linked to OPEN errors.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hooks.errors import ConfigError


@dataclass(frozen=True)
class RetentionPolicy:
    """The retention policy; defaults are run-log-template.md's Retention section.

    Attributes:
        keep_days: logs this many days old or younger are always kept (spec: 30).
        routine_statuses: header Status values of a routine successful run.
        archive_field: a header field that, set to yes/true, keeps the log.
        archive_folders: folder names that keep every log below them.
        kinds: kind names retention applies to.
    """

    keep_days: int = 30
    routine_statuses: tuple[str, ...] = ("Completed",)
    archive_field: str = "Archived"
    archive_folders: tuple[str, ...] = ("archive",)
    kinds: tuple[str, ...] = ("run-log",)


_RETENTION_KEYS = {"keep-days", "routine-statuses", "archive-field", "archive-folders", "kinds"}


def parse_retention(node: Any, origin: str, line: int | None = None) -> RetentionPolicy:
    """Validate the ``retention`` configuration value into a :class:`RetentionPolicy`.

    Args:
        node: the value under ``retention`` (a mapping; absent keys keep their defaults).
        origin: the configuration file, for messages.
        line: the key's line, for messages.

    Raises:
        ConfigError: not a mapping, an unknown key, or a value of the wrong type.
    """
    if node is None:
        return RetentionPolicy()
    if not isinstance(node, Mapping):
        raise ConfigError("'retention' must be a mapping", origin, line)
    for key in node:
        if key not in _RETENTION_KEYS:
            raise ConfigError(f"unknown key {key!r} in 'retention' (allowed: {', '.join(sorted(_RETENTION_KEYS))})", origin, line)
    values: dict[str, Any] = {}
    if "keep-days" in node:
        days = node["keep-days"]
        if isinstance(days, bool) or not isinstance(days, int) or not 30 <= days <= 36500:
            raise ConfigError("'retention.keep-days' must be a whole number from 30 (the spec's minimum) to 36500", origin, line)
        values["keep_days"] = days
    for key, attribute in (("routine-statuses", "routine_statuses"), ("archive-folders", "archive_folders"), ("kinds", "kinds")):
        if key in node:
            value = node[key]
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                raise ConfigError(f"'retention.{key}' must be a list of non-empty strings", origin, line)
            values[attribute] = tuple(value)
    if "archive-field" in node:
        field_name = node["archive-field"]
        if not isinstance(field_name, str) or not field_name:
            raise ConfigError("'retention.archive-field' must be a non-empty string", origin, line)
        values["archive_field"] = field_name
    return RetentionPolicy(**values)
