"""Configuration: ``[tool.runlog]`` in ``pyproject.toml`` or a ``.runlog.yaml``.

The file is found by searching upward from the working folder (the first folder holding
either wins; ``.runlog.yaml`` before ``pyproject.toml`` in the same folder), or named with
``--config``. Configuration is data, validated on load: an unknown key or a wrong type stops
the run with one line naming the file and line (exit 2).

Keys (the same in TOML and YAML)::

    rules:           {RL105: warning, missing-section: off}   # severity per code or name
    rule-options:    {RL901: {max-age-days: 2}}                # options per rule
    kinds:           [team-kinds/run-log.yaml]                 # extra kind files (override by name)
    exclude:         ["**/archive/**"]                         # globs left out of every check
    max-file-bytes:  5242880                                   # larger files are a finding
    prices:          prices.yaml                               # price rows (or a list of rows), hooks/prices.py
    retention:       {keep-days: 30, archive-folders: [archive]}  # runlog prune, hooks/prune.py
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hooks.errors import ConfigError
from hooks.finding import Severity
from hooks.kinds import Kind, load_kind_file, load_yaml, shipped_kinds
from hooks.prices import PRICE_RULES, configured_prices
from hooks.prune import RetentionPolicy, parse_retention
from hooks.rules import RULES, by_code_or_name
from hooks.textio import DEFAULT_MAX_BYTES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

CONFIG_NAMES = (".runlog.yaml", ".runlog.yml", "pyproject.toml")
_KEYS = {"rules", "rule-options", "kinds", "exclude", "max-file-bytes", "prices", "retention"}
_SEVERITIES = {"error", "warning", "info", "off"}


@dataclass(frozen=True)
class Config:
    """The configuration in force for one run.

    Attributes:
        root: the folder holding the configuration file (the working folder when none).
        source: the configuration file, or ``None`` for the defaults.
        severities: rule code to severity, ``None`` meaning off; every rule has an entry.
        rule_options: rule code to its options.
        kinds: kinds in detection order (configured ones first, then shipped ones not
            overridden by name).
        exclude: glob patterns of files left out.
        max_file_bytes: the size limit per file, in bytes.
        retention: the run-log retention policy of ``runlog prune``.
    """

    root: Path
    source: Path | None = None
    severities: dict[str, Severity | None] = field(default_factory=dict)
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    kinds: tuple[Kind, ...] = ()
    exclude: tuple[str, ...] = ()
    max_file_bytes: int = DEFAULT_MAX_BYTES
    retention: RetentionPolicy = field(default_factory=RetentionPolicy)

    def severity(self, code: str) -> Severity | None:
        """The effective severity of rule ``code`` (``None`` when off)."""
        return self.severities.get(code)


def find_config(start: Path) -> Path | None:
    """The nearest configuration file at or above ``start``; a pyproject.toml counts only
    when it has a ``[tool.runlog]`` table."""
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name == "pyproject.toml":
                try:
                    if "[tool.runlog" not in candidate.read_text(encoding="utf-8", errors="replace"):
                        continue
                except OSError:
                    continue
            return candidate
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        line = None
        if "(at line " in message:
            try:
                line = int(message.split("(at line ", 1)[1].split(",", 1)[0])
            except ValueError:
                line = None
            message = message.split(" (at line ", 1)[0]
        raise ConfigError(f"malformed TOML: {message}", str(path), line) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read configuration: {exc}", str(path)) from None
    tool = data.get("tool", {})
    section = tool.get("runlog", {}) if isinstance(tool, dict) else {}
    if not isinstance(section, dict):
        raise ConfigError("[tool.runlog] must be a table", str(path))
    return section


def _toml_line(path: Path, key: str) -> int | None:
    """Best-effort line of ``key`` inside ``[tool.runlog]`` (tomllib keeps no positions)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    inside = False
    for number, text in enumerate(lines, 1):
        stripped = text.strip()
        if stripped.startswith("["):
            inside = stripped.startswith("[tool.runlog")
            if inside and stripped.rstrip("]").endswith("." + key):
                return number
            continue
        if inside and (stripped.startswith(key + " ") or stripped.startswith(key + "=") or stripped.startswith(f'"{key}"')):
            return number
    return None


def load_config(path: Path | None, cwd: Path) -> Config:
    """Load and validate the configuration at ``path`` (search from ``cwd`` when ``None``).

    Raises:
        ConfigError: malformed file, unknown key, wrong type, unknown rule or severity.
    """
    source = path if path is not None else find_config(cwd)
    if path is not None and not path.is_file():
        raise ConfigError("configuration file not found", str(path))
    if source is None:
        return _build(cwd, None, {}, lambda key: None)
    if source.name == "pyproject.toml":
        data = _read_toml(source)
        return _build(source.parent.resolve(), source, data, lambda key: _toml_line(source, key))
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read configuration: {exc}", str(source)) from None
    node = load_yaml(text, str(source))
    if node is None:
        node = {}
    if not isinstance(node, dict):
        raise ConfigError("configuration must be a mapping", str(source), 1)

    def line_of(key: str) -> int | None:
        try:
            return int(node.lc.key(key)[0]) + 1  # type: ignore[attr-defined]
        except (AttributeError, KeyError, TypeError):
            return None

    return _build(source.parent.resolve(), source, dict(node), line_of)


def _build(root: Path, source: Path | None, data: dict[str, Any], line_of: Any) -> Config:
    origin = str(source) if source else "<defaults>"

    def fail(message: str, key: str) -> ConfigError:
        return ConfigError(message, origin, line_of(key))

    for key in data:
        if key not in _KEYS:
            raise fail(f"unknown key {key!r} (allowed: {', '.join(sorted(_KEYS))})", key)

    severities: dict[str, Severity | None] = {rule.code: rule.severity for rule in RULES}
    rules = data.get("rules", {})
    if not isinstance(rules, dict):
        raise fail("'rules' must be a mapping of rule code or name to severity", "rules")
    for key, value in rules.items():
        rule = by_code_or_name(str(key))
        if rule is None:
            raise fail(f"unknown rule {key!r} in 'rules'", "rules")
        if not isinstance(value, str) or value not in _SEVERITIES:
            raise fail(f"severity of {key} must be one of: error, warning, info, off", "rules")
        severities[rule.code] = None if value == "off" else Severity(value)

    options: dict[str, dict[str, Any]] = {rule.code: dict(rule.options) for rule in RULES}
    rule_options = data.get("rule-options", {})
    if not isinstance(rule_options, dict):
        raise fail("'rule-options' must be a mapping", "rule-options")
    for key, value in rule_options.items():
        rule = by_code_or_name(str(key))
        if rule is None:
            raise fail(f"unknown rule {key!r} in 'rule-options'", "rule-options")
        if not isinstance(value, dict):
            raise fail(f"options of {key} must be a mapping", "rule-options")
        for option in value:
            if option not in rule.options:
                known = ", ".join(sorted(rule.options)) or "none"
                raise fail(f"unknown option {option!r} for {rule.code} (known: {known})", "rule-options")
        options[rule.code].update({str(k): v for k, v in value.items()})

    kind_files = data.get("kinds", [])
    if not isinstance(kind_files, list) or not all(isinstance(k, str) for k in kind_files):
        raise fail("'kinds' must be a list of kind file paths", "kinds")
    configured = [load_kind_file((root / k) if not Path(k).is_absolute() else Path(k)) for k in kind_files]
    names = {k.name for k in configured}
    kinds = tuple(configured + [k for k in shipped_kinds() if k.name not in names])

    exclude = data.get("exclude", [])
    if not isinstance(exclude, list) or not all(isinstance(e, str) for e in exclude):
        raise fail("'exclude' must be a list of glob patterns", "exclude")

    max_bytes = data.get("max-file-bytes", DEFAULT_MAX_BYTES)
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes <= 0:
        raise fail("'max-file-bytes' must be a positive whole number", "max-file-bytes")

    prices = configured_prices(data.get("prices"), root, origin, line_of("prices"))
    for code in PRICE_RULES:
        options[code]["prices"] = prices

    return Config(
        root=root,
        source=source,
        severities=severities,
        rule_options=options,
        kinds=kinds,
        exclude=tuple(exclude),
        max_file_bytes=max_bytes,
        retention=parse_retention(data.get("retention"), origin, line_of("retention")),
    )
