"""Kind overrides: a team's partial kind merged over a shipped (or configured) one.

Configuration (``.runlog.yaml`` or ``[tool.runlog]``) may carry::

    kind-overrides:
      run-log:
        paths: ["**/training/run-logs/*.md"]        # replaces the list
        fields:
          - {name: Started, synonyms: [Date]}       # merged into the field named Started
          - {name: Status, enum: [In Progress, Completed, Failed, Aborted]}
        sections:
          - {title: Errors Encountered, synonyms: [Errors]}
        options: {modes: [process, review-tagged]}  # merged key by key

The same merge applies when a kind file names a ``template:``: the kind is compiled from the
template and the file's other keys are merged over it (:func:`merge_kind`).

Merge rules: ``fields`` merge by ``name`` and ``sections`` by ``title`` (case-insensitive;
an item with a new name is appended, a matching item has the overlay's keys replace the
base's, and a section's own ``fields`` merge the same way); ``options`` merge key by key;
every other key replaces the base value. The merged kind is validated like any kind file,
and errors name the configuration file and line.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from hooks.errors import ConfigError
from hooks.io.yaml import load_yaml
from hooks.kinds.kind import Kind
from hooks.kinds.loader import kind_from_mapping
from hooks.kinds.merge import commented, merge_kind

#: Prefix of :attr:`Kind.origin` for kinds shipped in the package.
SHIPPED_ORIGIN = "hooks/data/kinds/"


def source_mapping(kind: Kind) -> tuple[Any, Path | None]:
    """The YAML mapping a kind was loaded from, and the folder its relative paths start in.

    Raises:
        ConfigError: the kind file can no longer be read.
    """
    if kind.origin.startswith(SHIPPED_ORIGIN):
        resource = resources.files("hooks") / "data" / "kinds" / kind.origin[len(SHIPPED_ORIGIN) :]
        return load_yaml(resource.read_text(encoding="utf-8"), kind.origin), None
    file, _, inline = kind.origin.partition("#kinds[")
    path = Path(file)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read kind file: {exc}", file) from None
    if inline:  # written inline in the configuration (runlog init): kinds[N] of that file
        if path.suffix == ".toml":
            try:
                import tomllib  # noqa: PLC0415 - [tool.runlog] kinds are rare
            except ImportError:  # pragma: no cover - Python 3.10
                import tomli as tomllib  # type: ignore[no-redef]  # noqa: PLC0415

            node = commented(tomllib.loads(text).get("tool", {}).get("runlog", {}))
        else:
            node = load_yaml(text, file)
        return node["kinds"][int(inline.rstrip("]"))], path.parent
    return load_yaml(text, kind.origin), path.parent


def apply_overrides(
    kinds: tuple[Kind, ...] | list[Kind],
    node: Any,
    origin: str,
    root: Path,
    line_of: Callable[..., int | None],
    source: Path | None = None,
) -> tuple[Kind, ...]:
    """Apply the ``kind-overrides`` mapping ``node`` (kind name to partial kind) to ``kinds``.

    Args:
        kinds: the kinds in force, in detection order.
        node: the configuration value (a mapping; from YAML with lines, or from TOML).
        origin: the configuration file, for messages.
        root: the configuration file's folder (a ``template:`` in an override starts there).
        line_of: the configuration's line finder, called as ``line_of("kind-overrides")``
            used when the YAML gives no position.
        source: the configuration file; for a ``pyproject.toml`` the line of a
            ``[tool.runlog.kind-overrides.NAME]`` table is found in its text.

    Returns:
        ``kinds`` with each overridden kind replaced in place.

    Raises:
        ConfigError: not a mapping, an unknown kind name, or an invalid merged kind; the
            message names the configuration file and line.
    """
    if node is None:
        return tuple(kinds)
    if not isinstance(node, dict):
        raise ConfigError("'kind-overrides' must be a mapping of kind name to a partial kind", origin, line_of("kind-overrides"))
    by_name = {k.name: k for k in kinds}
    replaced: dict[str, Kind] = {}
    for name, overlay in node.items():
        kind = by_name.get(str(name))
        line = _key_line(node, name) or _toml_line(source, str(name)) or line_of("kind-overrides")
        if kind is None:
            known = ", ".join(sorted(by_name))
            raise ConfigError(f"unknown kind {name!r} in 'kind-overrides' (known: {known})", origin, line)
        if not isinstance(overlay, dict):
            raise ConfigError(f"the override of kind {name!r} must be a mapping", origin, line)
        base, base_folder = source_mapping(kind)
        folder = root if "template" in overlay else (base_folder or root)
        try:
            merged = merge_kind(base, overlay)
            merged["name"] = kind.name
            replaced[kind.name] = kind_from_mapping(merged, origin, folder)
        except ConfigError as exc:
            raise ConfigError(exc.message, origin, exc.line or line) from None
    return tuple(replaced.get(k.name, k) for k in kinds)


def _toml_line(source: Path | None, name: str) -> int | None:
    """Line of ``[tool.runlog.kind-overrides.NAME...]`` (or of ``NAME =`` under the
    ``kind-overrides`` table) in a ``pyproject.toml``; ``None`` elsewhere."""
    if source is None or source.suffix != ".toml":
        return None
    try:
        lines = source.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    table = ""
    for number, text in enumerate(lines, 1):
        stripped = text.strip().replace(" ", "")
        if stripped.startswith("["):
            table = stripped.strip("[]").replace('"', "")
            if table == f"tool.runlog.kind-overrides.{name}" or table.startswith(f"tool.runlog.kind-overrides.{name}."):
                return number
        elif table == "tool.runlog.kind-overrides" and stripped.replace('"', "").startswith(f"{name}="):
            return number
    return None


def schema() -> dict[str, Any]:
    """JSON Schema fragment of the ``kind-overrides`` configuration key."""
    return {
        "type": "object",
        "description": "Partial kinds merged over the kinds in force, by kind name: fields merge by name, "
        "sections by title, options key by key; other keys (paths, title, filename...) replace.",
        "additionalProperties": {"type": "object"},
    }


def _key_line(node: Any, key: Any) -> int | None:
    try:
        return int(node.lc.key(key)[0]) + 1
    except (AttributeError, KeyError, TypeError):
        return None
