"""Discovery: the files a check covers, each classified by kind once.

A folder is walked with :func:`os.scandir` (the entry says whether it is a symlink, so no
extra system call per file), in sorted order, skipping :data:`SKIP_DIRS`. Each file is
known by its real path (symlinked folders resolved), so the same file reached through two
spellings, or through a symlinked folder and its target, is checked once; findings show the
path as given.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from hooks.config.loader import Config
from hooks.errors import UsageError, safe
from hooks.kinds.kind import Kind, classify, glob_match

#: Folders never walked into when a folder is checked.
SKIP_DIRS = frozenset({".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".runlog_cache", ".tox"})


@dataclass(frozen=True)
class Target:
    """A file selected for checking.

    Attributes:
        absolute: its real absolute path (symlinked folders resolved).
        display: POSIX path shown in findings (relative to the working folder when possible),
            as the file was reached.
        kind: the kind it was classified as.
        root: the repository (or checked folder) holding it, as a real path.
        symlink: whether the file was reached as a symlink (writers refuse those).
    """

    absolute: Path
    display: str
    kind: Kind
    root: Path
    symlink: bool = False


def display_path(path: Path | str, cwd: Path) -> str:
    """``path`` relative to ``cwd`` (with ``..`` when outside), as POSIX, with control
    characters (a newline or an escape sequence in a file name) escaped by :func:`safe`."""
    text, base = str(path), str(cwd)
    if text.startswith(base.rstrip(os.sep) + os.sep):
        shown = text[len(base.rstrip(os.sep)) + 1 :].replace(os.sep, "/")
    else:
        try:
            shown = Path(os.path.relpath(path, cwd)).as_posix()
        except ValueError:  # another drive on Windows
            shown = Path(path).as_posix()
    return safe(shown, 1 << 20)


_ROOT_CACHE: dict[str, Path | None] = {}


def repository_root(path: Path) -> Path | None:
    """The nearest folder at or above ``path`` holding ``.git``, or ``None`` (memoized by folder)."""
    text = str(path)
    folder = text if os.path.isdir(text) else os.path.dirname(text)
    chain = []
    found: Path | None = None
    while True:
        if folder in _ROOT_CACHE:
            found = _ROOT_CACHE[folder]
            break
        chain.append(folder)
        if os.path.exists(os.path.join(folder, ".git")):
            found = Path(folder)
            break
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    for candidate in chain:
        _ROOT_CACHE[candidate] = found
    return found


class Listings(Protocol):
    """Where :func:`select_targets` keeps each folder's classified listing between runs (the
    check cache): a folder whose mtime and inode are unchanged has the same names, so its
    files need not be listed or classified again."""

    def listing(self, folder: str) -> list[Any] | None:
        """The listing stored for ``folder`` (as written by :meth:`store_listing`), or ``None``."""

    def store_listing(self, folder: str, data: list[Any]) -> None:
        """Keep ``data`` as ``folder``'s listing."""


def _classified(folder: str, classify_path: Callable[[str], str | None], listings: Listings | None) -> Iterator[tuple[str, bool, str | None]]:
    """``(path, is_symlink, kind name or None)`` of every file below ``folder``, sorted as
    :func:`walk` yields them; each folder's listing comes from ``listings`` when the folder's
    mtime and inode are unchanged."""
    try:
        info = os.stat(folder)
    except OSError:
        return
    stamp = [info.st_mtime_ns, info.st_ino]
    held = listings.listing(folder) if listings is not None else None
    if held is not None and held[0] == stamp:
        files, folders = held[1], held[2]
    else:
        files, folders = [], []
        try:
            with os.scandir(folder) as entries:
                ordered = sorted(entries, key=lambda e: e.name)
        except OSError:
            return
        for entry in ordered:
            try:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name not in SKIP_DIRS:
                        folders.append(entry.name)
                    continue
                link = entry.is_symlink()
                if link and entry.is_dir():  # a symlinked folder is not walked into (as os.walk)
                    continue
            except OSError:
                continue
            files.append([entry.name, link, classify_path(entry.path)])
        if listings is not None:
            listings.store_listing(folder, [stamp, files, folders])
    for name, link, kind_name in files:
        yield os.path.join(folder, name), link, kind_name
    for name in folders:
        yield from _classified(os.path.join(folder, name), classify_path, listings)


def path_classifier(config: Config) -> Callable[[str], str | None]:
    """A function from a file's absolute path (as reached) to the name of its kind, or
    ``None`` for a file of no kind or one ``config.exclude`` takes out."""
    kinds = tuple(config.kinds)
    config_root = str(config.root).rstrip(os.sep) + os.sep
    excludes = config.exclude

    def classify_path(text: str) -> str | None:
        posix = text.replace(os.sep, "/")
        relative_to_config = text[len(config_root):].replace(os.sep, "/") if text.startswith(config_root) else posix
        if excludes and any(glob_match(p, relative_to_config) or glob_match(p, posix) for p in excludes):
            return None
        kind = classify(kinds, relative_to_config) or (classify(kinds, posix) if relative_to_config != posix else None)
        return kind.name if kind is not None else None

    return classify_path


def classified_files(folder: str, config: Config, listings: Listings | None = None) -> Iterator[tuple[str, bool, str | None]]:
    """``(path, is_symlink, kind name or None)`` of every file below ``folder`` (as
    :func:`select_targets` walks it; folder listings from ``listings`` where unchanged)."""
    return _classified(folder, path_classifier(config), listings)


def walk(folder: Path) -> Iterator[Path]:
    """Every file below ``folder`` (sorted, :data:`SKIP_DIRS` and symlinked folders left out)."""
    for path, _, _ in _classified(str(folder), lambda _path: None, None):
        yield Path(path)


def select_targets(paths: Iterable[str], config: Config, cwd: Path, listings: Listings | None = None) -> list[Target]:
    """Expand files and folders into classified targets, sorted by display path.

    Files matching no kind are left alone, as are files matching ``config.exclude`` and
    symlinks that point outside the repository. A file reached twice (through a symlinked
    folder and its target, or named twice) is one target. ``listings`` (the check cache)
    spares listing and classifying folders that did not change since the last run.

    Raises:
        UsageError: a path does not exist.
    """
    seen: dict[str, Target] = {}
    by_name = {k.name: k for k in config.kinds}
    classify_path = path_classifier(config)

    for raw in paths:
        given = (cwd / raw) if not Path(raw).is_absolute() else Path(raw)
        if not given.exists() and not given.is_symlink():
            raise UsageError("no such file or folder", raw)
        absolute_given = Path(os.path.abspath(given))
        real_given = Path(os.path.realpath(absolute_given))
        base = repository_root(real_given) or (real_given if real_given.is_dir() else real_given.parent)
        roots: dict[str, Path] = {}
        if absolute_given.is_dir():
            candidates: Iterable[tuple[str, bool, str | None]] = _classified(str(absolute_given), classify_path, listings)
            # inside a folder, only the given folder's own spelling can differ from the real path
            prefix, real_prefix = str(absolute_given), str(real_given)
        else:
            text = str(absolute_given)
            candidates = [(text, absolute_given.is_symlink(), classify_path(text))]
            prefix, real_prefix = str(absolute_given.parent), str(real_given.parent)
        for text, link, kind_name in candidates:
            if kind_name is None:
                continue
            kind = by_name[kind_name]
            if link:
                try:
                    real = os.path.realpath(text, strict=True)
                except (OSError, RuntimeError):  # a dangling link or a loop: skipped
                    continue
            else:
                real = real_prefix + text[len(prefix):] if text.startswith(prefix) else os.path.realpath(text)
            if real in seen:
                continue
            real_path = Path(real)
            folder = os.path.dirname(real)
            root = roots.get(folder)
            if root is None:
                root = roots[folder] = repository_root(real_path) or base
            if link and real_path != root and root not in real_path.parents:
                continue  # a symlink leading out of the repository
            seen[real] = Target(real_path, display_path(text, cwd), kind, root, link)
    return sorted(seen.values(), key=lambda t: t.display)
