"""A cache of rendered log bodies, so a rebuild renders only the logs that changed.

Rendering a log (markdown-it-py, then nh3; :mod:`site_builder.render`) is the largest cost of
generating the pages: 1.6 ms of CPU a log (``bodies()`` over 1,000 generated logs, 1.95 s, on
the benchmark machine, 2026-12-01). A body depends only on what
:func:`body_key` hashes: the renderer's code (every file of ``hooks`` and ``site_builder``,
:func:`site_builder.incremental.code_digest`), the log's format, path, page and text, and the
map of log paths to pages (links to other logs are resolved against it). The cache is one
SQLite file (stdlib ``sqlite3``) per site folder, under ``$XDG_CACHE_HOME/runlog/`` (default
``~/.cache/runlog/``), never beside the site or inside it. It holds only sanitized HTML that
the site publishes anyway. After a build, entries the build did not use are deleted, so the
file stays the size of one site. A cache that cannot be opened or written is skipped.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

from site_builder.incremental import code_digest

_SCHEMA = "CREATE TABLE IF NOT EXISTS bodies (key TEXT PRIMARY KEY, html TEXT NOT NULL)"


def cache_path(site_dir: Path) -> Path:
    """Where the body cache of the site folder ``site_dir`` lives (keyed by its absolute path)."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "runlog"
    name = hashlib.sha256(str(site_dir.absolute()).encode()).hexdigest()[:16]
    return base / f"bodies-{name}.sqlite"


def links_digest(by_relative: dict[str, str]) -> str:
    """Digest of the log-path-to-page map that link resolution reads."""
    digest = hashlib.sha256()
    for relative, page in sorted(by_relative.items()):
        digest.update(f"{relative}\x1f{page}\x1e".encode())
    return digest.hexdigest()


def body_key(fmt: str, relative: str, page: str, text: str, links: str) -> str:
    """The cache key of one log's body (see module docstring)."""
    material = "\x1f".join((code_digest(), fmt, relative, page, links, text))
    return hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()


class BodyCache:
    """Rendered bodies by :func:`body_key`, kept in a SQLite file.

    Attributes:
        path: the file; ``read``: whether look-ups may hit (``False``: render everything, still
            write the cache); ``hits`` and ``misses``: counts of this build's look-ups.
    """

    def __init__(self, path: Path, read: bool = True) -> None:
        self.path = path
        self.read = read
        self.hits = 0
        self.misses = 0
        self._used: set[str] = set()
        self._new: dict[str, str] = {}
        self._db: sqlite3.Connection | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path)
            self._db.execute(_SCHEMA)
        except (OSError, sqlite3.Error):
            self._db = None

    def get(self, key: str) -> str | None:
        """The cached body for ``key``, or ``None``."""
        self._used.add(key)
        found = None
        if self._db is not None and self.read:
            try:
                row = self._db.execute("SELECT html FROM bodies WHERE key = ?", (key,)).fetchone()
                found = str(row[0]) if row is not None else None
            except sqlite3.Error:
                found = None
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found

    def put(self, key: str, html: str) -> None:
        """Remember ``html`` for ``key`` (written by :meth:`close`)."""
        self._used.add(key)
        self._new[key] = html

    def close(self) -> None:
        """Write the new bodies, delete the ones this build did not use, close the file."""
        if self._db is None:
            return
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO bodies (key, html) VALUES (?, ?)", self._new.items())
                self._db.execute("CREATE TEMP TABLE used (key TEXT PRIMARY KEY)")
                self._db.executemany("INSERT OR IGNORE INTO used (key) VALUES (?)", ((k,) for k in self._used))
                self._db.execute("DELETE FROM bodies WHERE key NOT IN (SELECT key FROM used)")
        except sqlite3.Error:
            pass
        finally:
            self._db.close()
            self._db = None
