"""The generated pages of a log folder, and an ``mkdocs.yml`` any engine can build.

:func:`stage_site` checks the logs, renders each once and generates every page in memory (the
MkDocs plugin hands them to MkDocs from there). :func:`stage` (and :func:`write_pages`) writes
the pages into a docs folder, for Zensical: files whose content did not change are left
untouched and pages of deleted logs are removed.
:func:`write_config` writes the ``mkdocs.yml`` beside the docs folder: plain
``mkdocs build -f <staging>/mkdocs.yml`` builds it (the ``runlog`` plugin there regenerates
the pages and sanitizes every page), and Zensical builds the same folder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import multiprocessing
import os
import posixpath
import re
import shutil
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from hooks.config.loader import Config
from hooks.errors import UsageError
from hooks.io.atomic import write_text_atomic
from site_builder.body_cache import BodyCache, body_key, links_digest
from site_builder.collect import Site, collect, iter_entries
from site_builder.pages import all_pages
from site_builder.render import RUN_ANCHORS, render_file, render_step_logs, step_log_files
from site_builder.safety import plain_title
from site_builder.search import SearchPage
from site_builder.urls import html_link, page_url

#: A file marking a folder as runlog's to overwrite (staging folders and built sites).
MARKER = ".runlog-generated"

#: The nav: sections and index pages only (never one entry per log).
NAV: list[dict[str, object]] = [
    {"Home": "index.md"},
    {"Archive": "archive/index.md"},
    {"Errors": [{"Registry": "registry/index.md"}, {"Open errors": "registry/open.md"}]},
    {"Findings": "findings.md"},
    {"Costs": "costs.md"},
    {"Tags": "tags.md"},
]
#: Generated pages that are reached from index pages, not from the nav (gitignore syntax).
NOT_IN_NAV = "/logs/\n/archive/\n/registry/\n"


def check_owned(folder: Path, what: str) -> None:
    """Refuse to overwrite ``folder`` unless it is absent, empty or marked as runlog's.

    Raises:
        UsageError: ``folder`` is a symlink or a file, or holds files runlog did not write.
    """
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise UsageError(f"{what} is not a folder runlog can write", str(folder))
    if folder.is_dir() and any(folder.iterdir()) and not (folder / MARKER).is_file():
        raise UsageError(f"{what} holds files runlog did not write; remove them or choose another folder", str(folder))


#: Below this many bodies to render, worker processes cost more than they save.
PARALLEL_MIN_BODIES = 64

#: The log-path-to-page map of the bodies being rendered (set before the worker processes fork).
_LINKS: dict[str, str] = {}


def _render_one(log: tuple[str, str, str, str, str]) -> str:
    """Render one log's body: ``(format, relative path, text, page, engine)``; links resolved with :data:`_LINKS`."""
    fmt, relative, text, page, engine = log

    def resolve(path: str) -> str | None:
        target = _LINKS.get(path)
        return html_link(page, target, engine) if target is not None else None

    return render_file(fmt, relative, text, posixpath.dirname(relative), resolve)


def _render_all(todo: list[tuple[str, str, str, str, str]], jobs: int) -> list[str]:
    """:func:`_render_one` over ``todo``, in ``jobs`` forked worker processes when there are enough."""
    if jobs > 1 and len(todo) >= PARALLEL_MIN_BODIES and "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            return list(pool.map(_render_one, todo, chunksize=max(1, len(todo) // (jobs * 8))))
    return [_render_one(item) for item in todo]


def bodies(site: Site, engine: str = "mkdocs", cache: BodyCache | None = None, jobs: int = 1) -> dict[str, str]:
    """Each log page's sanitized content HTML, by page path; links to other logs written for ``engine``.

    Bodies come from ``cache`` when it has them; the others are rendered, in ``jobs`` worker
    processes (forked, so they share the site model) when there are at least
    :data:`PARALLEL_MIN_BODIES` of them.
    """
    by_relative = {log.relative: log.page for log in site.logs}
    links = links_digest(by_relative) + engine if cache is not None else ""
    result: dict[str, str] = {}
    todo: list[tuple[str, str, str, str, str]] = []
    keys: list[str] = []
    for log in site.logs:
        if not log.text:
            result[log.page] = "<p><em>This file could not be read as text; see its findings.</em></p>"
            continue
        key = body_key(log.file_format, log.relative, log.page, log.text, links) if cache is not None else ""
        cached = cache.get(key) if cache is not None else None
        if cached is not None:
            result[log.page] = cached
            continue
        todo.append((log.file_format, log.relative, log.text, log.page, engine))
        keys.append(key)
    _LINKS.clear()
    _LINKS.update(by_relative)
    try:
        rendered = _render_all(todo, jobs)
    finally:
        _LINKS.clear()
    for (_fmt, _relative, _text, page, _engine), key, html in zip(todo, keys, rendered, strict=True):
        result[page] = html
        if cache is not None:
            cache.put(key, html)
    for page, run_root in run_pages(site).items():
        result[page] += _step_logs(run_root, site.folder, cache)
    return {log.page: result[log.page] for log in site.logs}


def _step_logs(run_root: Path, folder: Path, cache: BodyCache | None) -> str:
    """:func:`render_step_logs` of a run, from ``cache`` when its step logs' bytes are unchanged."""
    found = step_log_files(run_root, folder)
    if cache is None:
        return render_step_logs(run_root, folder, found)
    digest = hashlib.sha256()
    for path in found:
        digest.update(path.relative_to(run_root).as_posix().encode() + b"\x1f")
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            digest.update(b"unreadable")
    key = body_key("step-logs", str(run_root), "", digest.hexdigest(), "")
    cached = cache.get(key)
    if cached is None:
        cached = render_step_logs(run_root, folder, found)
        cache.put(key, cached)
    return cached


def run_pages(site: Site) -> dict[str, Path]:
    """For each run directory, the page that shows its step logs (its first anchor, in the
    order of :data:`site_builder.render.RUN_ANCHORS`), with the run's folder."""
    runs: dict[Path, list[tuple[int, str]]] = {}
    for log in site.logs:
        if log.file_format != "run-directory":
            continue
        for rank, anchor in enumerate(RUN_ANCHORS):
            if log.relative == anchor or log.relative.endswith("/" + anchor):
                depth = anchor.count("/") + 1
                run_root = log.source.parents[depth - 1]
                runs.setdefault(run_root, []).append((rank, log.page))
                break
    return {min(pages)[1]: run_root for run_root, pages in runs.items()}


@dataclass
class Staged:
    """A log folder's site, generated in memory.

    Attributes:
        site: the site model (:func:`site_builder.collect.collect`).
        bodies: each log page's sanitized content HTML, by page path (rendered once, here).
        pages: every generated page, docs-relative path to markdown.
    """

    site: Site
    bodies: dict[str, str]
    pages: dict[str, str]


def stage_site(
    folder: Path,
    config: Config,
    today: dt.date | None = None,
    progress: Callable[[str], None] | None = None,
    cache: BodyCache | None = None,
    jobs: int | None = None,
    engine: str = "mkdocs",
) -> Staged:
    """Collect, check and render the site of ``folder`` for ``engine``, in memory (nothing is
    written but ``cache``).

    ``jobs``: worker processes for the check and the rendering (default: the configuration's
    ``jobs``; ``runlog build`` passes ``--jobs``, the CPU count by default, as ``runlog check`` does).

    Raises:
        UsageError: ``folder`` does not exist.
    """
    if not folder.is_dir():
        raise UsageError("log folder not found", str(folder))
    if jobs is not None and jobs != config.run.jobs:
        config = replace(config, run=replace(config.run, jobs=jobs))
    site = collect(folder, config, today, progress)
    rendered = bodies(site, engine, cache, config.run.jobs)
    return Staged(site, rendered, all_pages(site, rendered, engine))


_MARKUP = re.compile(r"[*`|#>_~]+")


def search_pages(staged: Staged) -> list[SearchPage]:
    """What the search index holds: each log page (its content, path, mode, status and the error
    ids it cites) and each registry entry page (its id, fields and body), in page order."""
    found = []
    for log in staged.site.logs:
        extra = " ".join(part for part in (log.relative, log.mode, log.status, " ".join(i for i, _ in log.cites)) if part)
        found.append(SearchPage(page_url(log.page), log.title, log.kind, log.date.isoformat() if log.date else "", staged.bodies[log.page], extra))
    by_page = staged.site.by_page()
    for registry, entry in iter_entries(staged.site):
        fields = " ".join(part for part in (entry.id, entry.status, entry.severity, entry.category, entry.first_seen) if part)
        text = " ".join(_MARKUP.sub(" ", entry.body).split())
        kind = by_page[registry.page].kind + " entry"
        found.append(SearchPage(page_url(entry.page), f"{entry.id}: {entry.title}", kind, "", "", f"{fields} {text}"))
    return found


def write_pages(pages: dict[str, str], docs: Path) -> set[str]:
    """Make ``docs`` hold exactly ``pages`` (plus :data:`MARKER`); return the pages written.

    Files whose content did not change are left untouched; files of pages no longer
    generated are removed.

    Raises:
        UsageError: ``docs`` holds files runlog did not write.
    """
    check_owned(docs, "staging folder")
    docs.mkdir(parents=True, exist_ok=True)
    if not (docs / MARKER).is_file():
        (docs / MARKER).write_text("generated by runlog; rewritten on every build\n", encoding="utf-8")
    wanted = {Path(p) for p in pages}
    for current, dirs, files in os.walk(docs, topdown=False):
        for name in files:
            path = Path(current) / name
            relative = path.relative_to(docs)
            if relative not in wanted and name != MARKER:
                path.unlink()
        for name in dirs:
            path = Path(current) / name
            if path.is_symlink():
                path.unlink()
            elif not any(path.iterdir()):
                path.rmdir()
    written = set()
    for page, text in pages.items():
        target = docs / page
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            if target.read_text(encoding="utf-8") == text:
                continue
        except (OSError, UnicodeDecodeError):
            pass
        write_text_atomic(target, text)
        written.add(page)
    return written


def stage(
    folder: Path, config: Config, docs: Path, today: dt.date | None = None, progress: Callable[[str], None] | None = None, engine: str = "mkdocs"
) -> Site:
    """Generate the site of ``folder`` into the docs folder ``docs``; return the site model.

    Raises:
        UsageError: ``folder`` does not exist, or ``docs`` holds files runlog did not write.
    """
    if not folder.is_dir():
        raise UsageError("log folder not found", str(folder))
    check_owned(docs, "staging folder")
    staged = stage_site(folder, config, today, progress, engine=engine)
    write_pages(staged.pages, docs)
    return staged.site


def config_text(folder: Path, site_name: str, progress: bool = False, site_dir: str = "site", strict: bool = False) -> str:
    """The staging ``mkdocs.yml``: material with search, tags, the runlog plugin and Mermaid.

    Values are written as JSON strings, so a folder name cannot open a YAML construct.
    """
    return f"""# Generated by runlog; rewritten on every build. Build it with
#   mkdocs build -f this-file      (the runlog plugin regenerates docs/ from the logs)
#   zensical build -f this-file    (builds docs/ as runlog last wrote it)
site_name: {json.dumps(plain_title(site_name))}
docs_dir: docs
site_dir: {json.dumps(site_dir)}
use_directory_urls: true
theme:
  name: material
  font: false
  features:
    - navigation.sections
    - navigation.top
    - search.highlight
    - search.suggest
    - content.code.copy
plugins:
  - search
  - tags
  - runlog:
      logs: {json.dumps(str(folder))}
      staging_dir: "."
      progress: {json.dumps(progress)}
      strict: {json.dumps(strict)}
markdown_extensions:
  - admonition
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
nav: {json.dumps(NAV)}
not_in_nav: {json.dumps(NOT_IN_NAV)}
"""


def write_config(staging: Path, folder: Path, site_name: str, progress: bool = False, site_dir: str = "site", strict: bool = False) -> Path:
    """Write ``<staging>/mkdocs.yml`` (creating ``staging``); return its path."""
    check_owned(staging, "staging folder")
    staging.mkdir(parents=True, exist_ok=True)
    (staging / MARKER).write_text("generated by runlog; rewritten on every build\n", encoding="utf-8")
    docs = staging / "docs"
    check_owned(docs, "staging folder")
    docs.mkdir(exist_ok=True)
    (docs / MARKER).write_text("generated by runlog; rewritten on every build\n", encoding="utf-8")
    path = staging / "mkdocs.yml"
    write_text_atomic(path, config_text(folder, site_name, progress, site_dir, strict))
    return path


def remove_tree(path: Path) -> None:
    """Remove a folder runlog wrote (never following symlinks inside it)."""
    if path.is_symlink():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)
