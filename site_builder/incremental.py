"""Incremental MkDocs builds: pages whose markdown did not change are taken from the previous site.

A build records, in ``<site>/.runlog-state.json``, a fingerprint of everything that shapes every
page (runlog's own code, the MkDocs and Material versions, the configuration file) and the
SHA-256 of each page's markdown. The next build of the same configuration (``previous_site``
option of the plugin; ``runlog build`` sets it to the site it replaces) links each page whose
markdown digest is unchanged (and that is not in the nav) from the previous site into the new output (a hard link, a copy
where links fail) and tells MkDocs the page is not modified, so MkDocs neither renders its
markdown nor runs the theme's template for it (MkDocs' ``dirty`` build, with the decision made
from digests instead of file times). Everything else is built as in a full build: pages whose
markdown changed (the log's page, and the index and registry pages whose text cites it), the
tags index (it lists every page; :data:`ALWAYS`), the sitemap, the 404 page, the theme's files
and the search index.

The output equals a fresh full build (sitemap dates aside), which tests/site_builder/
test_site_incremental.py checks on a real folder. The HTML of a page outside the nav depends
only on its own markdown, the nav and the configuration (both in the fingerprint); pages in
the nav show their neighbours and are always rendered (runlog's nav holds the index pages
only, :data:`site_builder.stage.NAV`); the tags index lists every page and is always rebuilt,
and the tags plugin is given the reused pages' metadata before it lists them
(:meth:`Incremental.read_reused`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Collection
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

#: The state file, in the built site.
STATE = ".runlog-state.json"
#: Pages always rendered again: their HTML lists other pages (the tags plugin's index).
ALWAYS = frozenset({"tags.md"})
_STATE_VERSION = 1


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


@lru_cache(maxsize=1)
def code_digest() -> str:
    """SHA-256 over runlog's own package files (``hooks`` and ``site_builder``) and the versions
    of MkDocs and Material, so a changed template, rule or renderer means a full build."""
    digest = hashlib.sha256()
    for package in ("hooks", "site_builder"):
        root = Path(__file__).resolve().parent.parent / package
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix in {".py", ".yaml", ".json", ".js", ".html", ".css"}:
                digest.update(path.relative_to(root.parent).as_posix().encode())
                digest.update(path.read_bytes())
    for name in ("mkdocs", "mkdocs-material", "pymdown-extensions", "markdown"):
        digest.update(f"{name}={_version(name)}".encode())
    return digest.hexdigest()


def fingerprint(config: MkDocsConfig) -> str:
    """What shapes every page of a build of ``config``: :func:`code_digest` and the configuration
    file's text (``""`` when the configuration has no file)."""
    text = ""
    if config.config_file_path and os.path.isfile(config.config_file_path):
        text = Path(config.config_file_path).read_text(encoding="utf-8")
    return hashlib.sha256(f"{_STATE_VERSION}\n{code_digest()}\n{text}".encode()).hexdigest()


def page_digests(files: Files) -> dict[str, str]:
    """SHA-256 of each documentation page's markdown, by ``src_uri``."""
    return {f.src_uri: hashlib.sha256(f.content_bytes).hexdigest() for f in files.documentation_pages()}


def write_state(site_dir: Path, config: MkDocsConfig, digests: dict[str, str]) -> None:
    """Record the build in ``<site_dir>/.runlog-state.json`` (fingerprint and page digests)."""
    state = {"version": _STATE_VERSION, "fingerprint": fingerprint(config), "pages": dict(sorted(digests.items()))}
    (site_dir / STATE).write_text(json.dumps(state, indent=0) + "\n", encoding="utf-8")


def read_state(site_dir: Path) -> dict[str, Any] | None:
    """The state of the build in ``site_dir``, or ``None`` (absent, unreadable, another version)."""
    try:
        state = json.loads((site_dir / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or state.get("version") != _STATE_VERSION or not isinstance(state.get("pages"), dict):
        return None
    return state


def _not_modified() -> bool:
    return False


class Incremental:
    """Reuses the pages of ``previous`` that a build of ``config`` would render the same.

    Attributes:
        previous: the previous site folder.
        usable: whether its state matches this build's fingerprint.
        reused: the files taken from it (set by :meth:`reuse`).
    """

    def __init__(self, previous: Path, config: MkDocsConfig) -> None:
        self.previous = previous
        state = read_state(previous)
        self.usable = state is not None and state.get("fingerprint") == fingerprint(config)
        self._digests: dict[str, str] = dict(state["pages"]) if state is not None and self.usable else {}
        self.reused: list[File] = []

    def reuse(self, files: Files, digests: dict[str, str], in_nav: Collection[str] = ()) -> int:
        """Link each unchanged page's HTML from the previous site and mark it not modified; return how many.

        ``digests`` are this build's page digests (:func:`page_digests`); pages in ``in_nav``
        (``src_uri``) are always rendered: the theme prints their neighbours' titles.
        """
        if not self.usable:
            return 0
        for file in files.documentation_pages():
            if file.src_uri in ALWAYS or file.src_uri in in_nav or self._digests.get(file.src_uri) != digests.get(file.src_uri):
                continue
            old = self.previous / file.dest_uri
            if not old.is_file() or old.is_symlink():
                continue
            new = Path(file.abs_dest_path)
            new.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(old, new)
            except OSError:
                shutil.copy2(old, new)
            file.is_modified = _not_modified  # type: ignore[method-assign]
            self.reused.append(file)
        return len(self.reused)

    def read_reused(self, config: MkDocsConfig, files: Files) -> None:
        """Read the reused pages' markdown and metadata (MkDocs skipped them) and hand them to
        Material's tags plugin, in the order of a full build, so the tags index lists them as
        a full build does."""
        tags = config.plugins.get("material/tags") or config.plugins.get("tags")
        usable = tags is not None and getattr(tags.config, "enabled", False) and isinstance(getattr(getattr(tags, "mappings", None), "data", None), dict)
        for file in self.reused:
            page = file.page
            if page is None:
                continue
            page.read_source(config)
            if usable and tags is not None and tags.filter(file):
                tags.mappings.add(page, page.markdown or "")
        if usable and tags is not None and self.reused:
            data = tags.mappings.data
            order = [f.page.url for f in files.documentation_pages() if f.page is not None]
            tags.mappings.data = {url: data[url] for url in order if url in data}
