"""Discovery: the files a check covers, each classified by kind once.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from hooks.config.loader import Config
from hooks.errors import UsageError, safe
from hooks.kinds.kind import Kind, classify, glob_match

#: Folders never walked into when a folder is checked.
SKIP_DIRS = frozenset({".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".runlog_cache", ".tox"})


@dataclass(frozen=True)
class Target:
    """A file selected for checking.

    Attributes:
        absolute: absolute path.
        display: POSIX path shown in findings (relative to the working folder when possible).
        kind: the kind it was classified as.
        root: the repository (or checked folder) holding it.
    """

    absolute: Path
    display: str
    kind: Kind
    root: Path


def display_path(path: Path, cwd: Path) -> str:
    """``path`` relative to ``cwd`` (with ``..`` when outside), as POSIX, with control
    characters (a newline or an escape sequence in a file name) escaped by :func:`safe`."""
    try:
        shown = Path(os.path.relpath(path, cwd)).as_posix()
    except ValueError:  # another drive on Windows
        shown = path.as_posix()
    return safe(shown, 1 << 20)


_ROOT_CACHE: dict[Path, Path | None] = {}


def repository_root(path: Path) -> Path | None:
    """The nearest folder at or above ``path`` holding ``.git``, or ``None``."""
    folder = path if path.is_dir() else path.parent
    chain = []
    found: Path | None = None
    for candidate in (folder, *folder.parents):
        if candidate in _ROOT_CACHE:
            found = _ROOT_CACHE[candidate]
            break
        chain.append(candidate)
        if (candidate / ".git").exists():
            found = candidate
            break
    for candidate in chain:
        _ROOT_CACHE[candidate] = found
    return found


def walk(folder: Path) -> Iterator[Path]:
    for current, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not (Path(current) / d).is_symlink())
        for name in sorted(files):
            yield Path(current) / name


def select_targets(paths: Iterable[str], config: Config, cwd: Path) -> list[Target]:
    """Expand files and folders into classified targets, sorted by display path.

    Files matching no kind are left alone, as are files matching ``config.exclude`` and
    symlinks that point outside the repository.

    Raises:
        UsageError: a path does not exist.
    """
    seen: dict[Path, Target] = {}
    for raw in paths:
        given = (cwd / raw) if not Path(raw).is_absolute() else Path(raw)
        if not given.exists() and not given.is_symlink():
            raise UsageError("no such file or folder", raw)
        absolute_given = Path(os.path.abspath(given))
        base = repository_root(absolute_given) or (absolute_given if absolute_given.is_dir() else absolute_given.parent)
        candidates = walk(absolute_given) if absolute_given.is_dir() else iter([absolute_given])
        for candidate in candidates:
            absolute = Path(os.path.abspath(candidate))
            if absolute in seen:
                continue
            root = repository_root(absolute) or base
            if candidate.is_symlink():
                try:
                    resolved = candidate.resolve()
                except (OSError, RuntimeError):  # a symlink loop: skipped, like one leaving the repository
                    continue
                if resolved != root and root not in resolved.parents:
                    continue
            posix = absolute.as_posix()
            try:
                relative_to_config = absolute.relative_to(config.root).as_posix()
            except ValueError:
                relative_to_config = posix
            if any(glob_match(p, relative_to_config) or glob_match(p, posix) for p in config.exclude):
                continue
            kind = classify(list(config.kinds), relative_to_config) or classify(list(config.kinds), posix)
            if kind is None:
                continue
            seen[absolute] = Target(absolute, display_path(absolute, cwd), kind, root)
    return sorted(seen.values(), key=lambda t: t.display)
