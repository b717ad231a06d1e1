"""The content-hash cache: per-file findings kept in ``.runlog_cache/`` between runs.

An entry holds what checking one file produced: its findings after inline suppressions, and
its HTML comments (so suppressions still apply to findings project rules report on it
later). The key is the SHA-256 of:

- the file's bytes;
- runlog's identity: its version and a digest of the package's own files (so a changed
  rule or kind invalidates the cache even before a release);
- the configuration in force (:func:`config_digest`);
- the file's kind, its absolute path (file-name rules read it) and the check date (age rules
  read it).

Only markdown files are cached, and not those of a kind checked by a rule that reads other
files on disk (:data:`DISK_RULES`): their findings can change while their bytes do not. The cache is a folder of small
JSON files written atomically; a damaged or unreadable entry is a miss, and a cache that
cannot be written is skipped silently. Delete the folder to clear it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from hooks import __version__
from hooks.config.loader import Config
from hooks.finding import Finding, Severity
from hooks.io.atomic import write_text_atomic
from hooks.kinds.kind import Kind
from hooks.rules.base import Rule
from hooks.rules.ruleset import RULES

#: The cache folder's name, created in the configuration's root folder.
CACHE_DIR = ".runlog_cache"

#: Per-file rules whose findings depend on other files on disk (RL201 resolves registry
#: links to logs; RL410-RL413 and RL420 read a run directory's sibling files), so files they
#: check are always checked afresh.
DISK_RULES = frozenset({"RL201", "RL410", "RL411", "RL412", "RL413", "RL420"})

_ENTRY_VERSION = 1


@lru_cache(maxsize=1)
def runlog_identity() -> str:
    """``version:digest`` where digest hashes every file of the ``hooks`` package."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".yaml", ".json"} and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return f"{__version__}:{digest.hexdigest()[:16]}"


def config_digest(config: Config) -> str:
    """A digest of every setting in ``config`` (its dataclass repr: rules, options, kinds...)."""
    return hashlib.sha256(repr(config).encode("utf-8")).hexdigest()


def rules_digest(rules: Sequence[Rule]) -> str:
    """A digest of the rules in force: metadata and the bytecode of their checks (so a rule
    swapped at run time, as tests do, does not reuse findings of another)."""
    digest = hashlib.sha256()
    for rule in rules:
        digest.update(repr((rule.code, rule.name, rule.severity, sorted(rule.kinds), dict(rule.options))).encode())
        for function in (rule.check, rule.check_project):
            code = getattr(function, "__code__", None)
            digest.update(repr((getattr(function, "__qualname__", None), code.co_code if code else None)).encode())
    return digest.hexdigest()[:16]


def cacheable(config: Config, kind: Kind, rules: Sequence[Rule] = RULES) -> bool:
    """Whether files of ``kind`` may be cached: markdown kinds only (the structured formats
    build one model from several files, e.g. a run directory), and only when no rule in
    :data:`DISK_RULES` runs on them."""
    if kind.format != "markdown":
        return False
    for rule in rules:
        if rule.code in DISK_RULES and config.severity(rule.code) is not None and rule.applies_to(kind):
            return False
    return True


class Cache:
    """One cache folder.

    Args:
        folder: the ``.runlog_cache`` folder (created on first write).
        config: the configuration in force (part of every key).
        rules: the rules in force (part of every key).
    """

    def __init__(self, folder: Path, config: Config, rules: Sequence[Rule] = RULES) -> None:
        self.folder = folder
        self._prefix = f"{runlog_identity()}\x1f{config_digest(config)}\x1f{rules_digest(rules)}"
        self.hits = 0
        self.misses = 0

    def key(self, data: bytes, kind: str, absolute: Path, day: str) -> str:
        """The entry key for a file's bytes ``data`` checked as ``kind`` at ``absolute`` on ``day``."""
        material = hashlib.sha256(data)
        material.update(f"\x1f{self._prefix}\x1f{kind}\x1f{absolute.as_posix()}\x1f{day}".encode())
        return material.hexdigest()

    def digest(self, material: str) -> str:
        """The key for any other ``material`` (the project-rule stage), under the same prefix."""
        return hashlib.sha256(f"{self._prefix}\x1f{material}".encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def load(self, key: str, display: str) -> tuple[list[Finding], tuple[tuple[int, str], ...]] | None:
        """The cached (findings, comments) under ``key``, paths shown as ``display``; ``None`` on a miss."""
        try:
            data: Any = json.loads(self._path(key).read_text(encoding="utf-8"))
            if data.get("version") != _ENTRY_VERSION:
                raise ValueError("old entry")
            findings = [
                Finding(display if path is None else path, int(line), int(column), code, name, Severity(severity), message)
                for path, line, column, code, name, severity, message in data["findings"]
            ]
            comments = tuple((int(line), str(text)) for line, text in data["comments"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.misses += 1
            return None
        self.hits += 1
        return findings, comments

    def store(self, key: str, display: str, findings: list[Finding], comments: tuple[tuple[int, str], ...]) -> None:
        """Keep ``findings`` and ``comments`` under ``key``; failures to write are ignored."""
        entry = {
            "version": _ENTRY_VERSION,
            "findings": [
                [None if f.path == display else f.path, f.line, f.column, f.code, f.name, f.severity.value, f.message] for f in findings
            ],
            "comments": [list(c) for c in comments],
        }
        path = self._path(key)
        try:
            if not self.folder.is_dir():
                self.folder.mkdir(parents=True, exist_ok=True)
                (self.folder / ".gitignore").write_text("# created by runlog: the check cache\n*\n", encoding="utf-8")
                (self.folder / "CACHEDIR.TAG").write_text("Signature: 8a477f597d28d172789f06886806bc55\n# runlog check cache\n", encoding="utf-8")
            path.parent.mkdir(exist_ok=True)
            write_text_atomic(path, json.dumps(entry, ensure_ascii=False, separators=(",", ":")))
        except Exception:  # noqa: BLE001 - a cache that cannot be written is no cache, not an error
            return
