"""The check cache: one index file, ``.runlog_cache/index.json``, kept between runs.

The index maps each checked file's real path to what checking it produced, keyed by its
``(size, mtime_ns, inode)`` as it was read: a warm check stats each file and reuses the
entry when the stat is unchanged, and hashes the content only when the stat changed (a file
touched but not edited keeps its entry). An entry holds:

- the file's findings after inline suppressions, and its HTML comments (so suppressions
  still apply to findings project rules report on it later);
- its :class:`~hooks.model.error_registry.LogFacts` (what the registry rules need), so
  project rules run on a warm check without parsing anything;
- the SHA-256 of its bytes and its kind.

It also keeps each walked folder's listing with the kind of each file, keyed by the
folder's mtime and inode (a name added, removed or renamed changes the mtime), so a warm
check lists and classifies only the folders that changed.

The whole index is valid for one runlog (its version and a digest of the package's own
files), one configuration (:func:`config_digest`) and one rule set; per-file findings also
for one check date (age rules read it). The project-rule findings are kept as one record
keyed by the digest of every checked file's content hash and kind (project rules read
nothing else: their inputs are the documents and facts of the check).

Files whose findings depend on other files are handled as such: a run directory's anchor
file is keyed also by a stamp of every file and folder in its run folder; an error registry
is never cached (RL201 resolves its links on disk, and project rules need its document).
A damaged or unreadable index is an empty one; an index that cannot be written is skipped
silently. Delete the folder to clear it.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from hooks import __version__
from hooks.config.loader import Config
from hooks.finding import Finding, Severity
from hooks.io.atomic import write_text_atomic
from hooks.kinds.kind import Kind
from hooks.kinds.registry_shape import is_registry_kind
from hooks.model.error_registry import LogFacts
from hooks.rules.base import Rule
from hooks.structured.rundir import run_options, run_root

#: The cache folder's name, created in the configuration's root folder.
CACHE_DIR = ".runlog_cache"
#: The index file inside it.
INDEX_NAME = "index.json"

_INDEX_VERSION = 2


@lru_cache(maxsize=1)
def runlog_identity() -> str:
    """``version:digest`` where digest hashes every file of the ``hooks`` package."""
    package = Path(__file__).resolve().parents[1]
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
        for function in (rule.check, rule.check_project, rule.check_records):
            code = getattr(function, "__code__", None)
            digest.update(repr((getattr(function, "__qualname__", None), code.co_code if code else None)).encode())
    return digest.hexdigest()[:16]


def cacheable(kind: Kind) -> bool:
    """Whether files of ``kind`` may be served from the cache: every kind but error
    registries (RL201 reads the disk for their links, and project rules need their document)."""
    return not is_registry_kind(kind)


def run_stamp(absolute: Path, kind: Kind) -> str:
    """For a run-directory anchor file: a digest of the stat of every file and folder of its
    run folder (a sibling edited, added or removed changes it); ``""`` for other kinds or a
    file outside ``runs/<framework>/<run_id>/``."""
    if kind.file_format != "run-directory":
        return ""
    root = run_root(absolute, _runs_folder(kind))
    if root is None:
        return ""
    return _tree_stamp(str(root))


@lru_cache(maxsize=4096)
def _tree_stamp_cached(root: str, token: int) -> str:
    """Stat of every folder below ``root`` (a name added or removed changes its mtime) and of
    every file whose content a run model reads; per-step ``.log`` files are known by name
    only (:mod:`hooks.structured.rundir`), so their folder's mtime covers them."""
    digest = hashlib.sha256()
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            info = os.lstat(folder)
            digest.update(f"{folder}\x1f{info.st_mtime_ns}\x1f{info.st_ino}\n".encode())
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                pending.append(entry.path)
            elif not entry.name.endswith(".log"):
                try:
                    stat = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                digest.update(f"{entry.path}\x1f{stat.st_size}\x1f{stat.st_mtime_ns}\x1f{stat.st_ino}\n".encode())
    return digest.hexdigest()[:32]


_RUNS_FOLDER: dict[int, tuple[Kind, str]] = {}


def _runs_folder(kind: Kind) -> str:
    """The kind's ``runs-folder`` option, read once per kind."""
    held = _RUNS_FOLDER.get(id(kind))
    if held is None or held[0] is not kind:
        held = _RUNS_FOLDER[id(kind)] = (kind, run_options(kind).runs_folder)
    return held[1]


#: Bumped at the start of every check, so a run folder is stamped once per check.
_STAMP_TOKEN = [0]


def _tree_stamp(root: str) -> str:
    return _tree_stamp_cached(root, _STAMP_TOKEN[0])


def new_check() -> None:
    """Forget the run-folder stamps of the previous check (they may have changed since)."""
    _STAMP_TOKEN[0] += 1
    _tree_stamp_cached.cache_clear()


@dataclass(frozen=True)
class Entry:
    """What the index holds for one file.

    Attributes:
        stat: ``(size, mtime_ns, inode)`` when it was read.
        digest: SHA-256 of its bytes.
        kind: the kind it was checked as.
        stamp: :func:`run_stamp` at the time ("" for single-file kinds).
        findings: its findings after suppressions (display path of the file as ``None``).
        comments: its HTML comments, ``(line, text)``.
        facts: its :class:`LogFacts` as stored (:meth:`LogFacts.to_data`), or ``None``;
            turned into a record only when project rules need it (:meth:`log_facts`).
    """

    stat: tuple[int, int, int]
    digest: str
    kind: str
    stamp: str
    findings: tuple[Finding, ...]
    comments: tuple[tuple[int, str], ...]
    facts: Any

    def log_facts(self) -> LogFacts | None:
        """:attr:`facts` as a :class:`LogFacts` record (``None`` for a file without facts)."""
        return LogFacts.from_data(self.facts) if self.facts is not None else None


def _finding_data(finding: Finding, display: str) -> list[Any]:
    return [None if finding.path == display else finding.path, finding.line, finding.column, finding.code, finding.name,
            finding.severity.value, finding.message]


def _finding(data: list[Any], display: str) -> Finding:
    path, line, column, code, name, severity, message = data
    return Finding(display if path is None else str(path), int(line), int(column), str(code), str(name), Severity(severity), str(message))


class CacheIndex:
    """The index of one cache folder, loaded once per check and saved once at its end.

    Args:
        folder: the ``.runlog_cache`` folder (created on first save).
        config: the configuration in force.
        rules: the rules in force.
        day: the check date, ISO format.
        read_only: never write the index (a commit-time check of a few files reads the facts
            of the others and would only pay for rewriting the whole index).
    """

    def __init__(self, folder: Path, config: Config, rules: Sequence[Rule], day: str, read_only: bool = False) -> None:
        self.folder = folder
        self.path = folder / INDEX_NAME
        self.prefix = f"{_INDEX_VERSION}\x1f{runlog_identity()}\x1f{config_digest(config)}\x1f{rules_digest(rules)}"
        self.day = day
        self.hits = 0
        self._files: dict[str, list[Any]] = {}
        self._dirs: dict[str, list[Any]] = {}
        self._project: dict[str, Any] = {}
        self._changed = False
        self.read_only = read_only
        new_check()
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("prefix") == self.prefix and isinstance(data.get("files"), dict):
                self._files = data["files"]
                dirs = data.get("dirs")
                self._dirs = dirs if isinstance(dirs, dict) else {}
                if data.get("day") != day:  # age rules read the date: per-file findings are stale, facts are not
                    for value in self._files.values():
                        value[4] = None
                    self._changed = True
                elif isinstance(data.get("project"), dict):
                    self._project = data["project"]
        except (OSError, ValueError, TypeError, KeyError, IndexError):
            self._files, self._dirs, self._project = {}, {}, {}

    def lookup(self, absolute: Path, display: str, kind: Kind) -> Entry | None:
        """The entry for the file at ``absolute`` if it still holds: same kind, same stat (or,
        the stat changed, the same bytes), and for a run-directory anchor the same run folder.
        ``None`` on a miss."""
        if not cacheable(kind):
            return None
        value = self._files.get(str(absolute))
        if value is None:
            return None
        try:
            stat, digest, kind_name, stamp, findings, comments, facts = value
            if kind_name != kind.name or findings is None:
                return None
            info = os.stat(absolute)
            now = [info.st_size, info.st_mtime_ns, info.st_ino]
            if now != stat:
                with open(absolute, "rb") as handle:
                    if hashlib.sha256(handle.read()).hexdigest() != digest:
                        return None
                value[0] = now
                self._changed = True
            if stamp != run_stamp(absolute, kind):
                return None
            entry = Entry(tuple(now), digest, kind_name, stamp,  # type: ignore[arg-type]
                          tuple(_finding(f, display) for f in findings) if findings else (),
                          tuple((int(line), str(text)) for line, text in comments) if comments else (),
                          facts)
        except (OSError, ValueError, TypeError, KeyError, IndexError):
            return None
        self.hits += 1
        return entry

    def facts(self, absolute: str, kind: Kind) -> LogFacts | None:
        """The cached facts of the log at ``absolute`` (a real path) when its stat and kind are
        unchanged; ``None`` otherwise (then the caller reads the file)."""
        value = self._files.get(absolute)
        if value is None or value[2] != kind.name or value[6] is None:
            return None
        try:
            info = os.stat(absolute)
            if [info.st_size, info.st_mtime_ns, info.st_ino] != value[0]:
                return None
            return LogFacts.from_data(value[6])
        except (OSError, ValueError, TypeError, IndexError):
            return None

    def record(self, absolute: Path, display: str, kind: Kind, stat: tuple[int, int, int], digest: str,
               findings: Sequence[Finding], comments: Sequence[tuple[int, str]], facts: LogFacts | None) -> None:
        """Keep what checking the file at ``absolute`` produced (read with ``stat`` and ``digest``)."""
        if not cacheable(kind) or not digest:
            return
        self._files[str(absolute)] = [list(stat), digest, kind.name, run_stamp(absolute, kind),
                                      [_finding_data(f, display) for f in findings], [list(c) for c in comments],
                                      facts.to_data() if facts is not None else None]
        self._changed = True

    def listing(self, folder: str) -> list[Any] | None:
        """The classified listing of ``folder`` kept by the last run (see
        :class:`hooks.engine.discovery.Listings`), or ``None``."""
        held = self._dirs.get(folder)
        return held if isinstance(held, list) and len(held) == 3 else None

    def store_listing(self, folder: str, data: list[Any]) -> None:
        """Keep ``folder``'s classified listing for the next run."""
        self._dirs[folder] = data
        self._changed = True

    def project_key(self, material: str) -> str:
        """The key of the project-rule findings for ``material`` (every file's digest and kind)."""
        return hashlib.sha256(f"{self.prefix}\x1f{self.day}\x1f{material}".encode()).hexdigest()

    def project_findings(self, key: str) -> list[Finding] | None:
        """The project-rule findings stored under ``key``, or ``None``."""
        if self._project.get("key") != key:
            return None
        try:
            return [_finding(f, "") for f in self._project["findings"]]
        except (ValueError, TypeError, KeyError):
            return None

    def store_project(self, key: str, findings: Sequence[Finding]) -> None:
        """Keep the project-rule findings under ``key`` (one record: the last check's)."""
        self._project = {"key": key, "findings": [_finding_data(f, "") for f in findings]}
        self._changed = True

    def save(self) -> None:
        """Write the index atomically if anything changed; failures to write are ignored."""
        if not self._changed or self.read_only:
            return
        data = {"prefix": self.prefix, "day": self.day, "files": self._files, "dirs": self._dirs, "project": self._project}
        try:
            if not self.folder.is_dir():
                self.folder.mkdir(parents=True, exist_ok=True)
                (self.folder / ".gitignore").write_text("# created by runlog: the check cache\n*\n", encoding="utf-8")
                (self.folder / "CACHEDIR.TAG").write_text("Signature: 8a477f597d28d172789f06886806bc55\n# runlog check cache\n", encoding="utf-8")
            write_text_atomic(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")), durable=False)
        except Exception:  # noqa: BLE001 - a cache that cannot be written is no cache, not an error
            return
        self._changed = False
