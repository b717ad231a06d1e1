"""The ``runlog`` MkDocs plugin: generate the log site's pages, sanitize every page.

Thin by design (the work is in :mod:`site_builder.stage` and friends, testable without
MkDocs). Configuration in ``mkdocs.yml``::

    plugins:
      - search
      - tags
      - runlog:
          logs: examples        # the log folder, relative to mkdocs.yml
          strict: false         # true: refuse to build when a log has error-level findings

With ``logs`` set, ``on_config`` checks the logs and renders each one once
(:func:`site_builder.stage.stage_site`); ``on_files`` adds the generated pages to MkDocs in
memory (nothing is staged on disk; ``docs_dir`` becomes an empty folder). A log page's body
is cut out of its markdown before MkDocs' Markdown pass (``on_page_markdown``) and put back,
already sanitized, after the page's HTML is sanitized (``on_page_content``), so it is
rendered once. Every page is left out of Material's lunr index; ``on_post_build`` writes the
Pagefind index and replaces Material's search worker (:mod:`site_builder.search`). With
``previous_site``, unchanged pages are taken from that site (:mod:`site_builder.incremental`)
and log bodies from a cache (:mod:`site_builder.body_cache`). Without ``logs`` the plugin
only sanitizes every page's HTML with nh3.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config as OptionsBase
from mkdocs.config.defaults import MkDocsConfig as FullConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from hooks.config.loader import load_config
from hooks.errors import RunlogError
from site_builder.body_cache import BodyCache, cache_path
from site_builder.incremental import Incremental, page_digests, write_state
from site_builder.safety import clean_html
from site_builder.search import IndexJob, SearchPage, install_worker
from site_builder.stage import MARKER, NAV, NOT_IN_NAV, Staged, search_pages, stage_site

log = logging.getLogger("mkdocs.plugins.runlog")

#: Markdown extensions that read files or embed content: never run on log pages.
FORBIDDEN_EXTENSIONS = ("pymdownx.snippets", "pymdownx.b64", "markdown_include.include", "mdx_include")
#: How a log page's body starts in its markdown (site_builder.pages.log_page).
BODY_OPEN = '<div class="runlog-log">\n'
#: Stands for the body while MkDocs renders the rest of a log page's markdown.
BODY_PLACEHOLDER = "RUNLOG0BODY0PLACEHOLDER"


class StrictRefusal(PluginError):
    """``strict`` is on and logs have error-level findings; the message names them."""


class RunlogPluginConfig(OptionsBase):  # type: ignore[no-untyped-call]
    """Options of the ``runlog`` plugin."""

    logs = c.Type(str, default="")
    #: Kept for configurations written by older runlog versions; pages are generated in memory.
    staging_dir = c.Type(str, default="")
    strict = c.Type(bool, default=False)
    progress = c.Type(bool, default=False)
    #: A folder of the project's own (trusted) markdown docs, published under ``project/``.
    project_docs = c.Type(str, default="")
    #: The site folder this build replaces (``runlog build`` sets it): pages whose markdown did
    #: not change are taken from it instead of being rendered again (:mod:`site_builder.incremental`),
    #: and log bodies come from its cache (:mod:`site_builder.body_cache`).
    previous_site = c.Type(str, default="")
    #: With ``previous_site``: render every page and body again (the caches are still written).
    full = c.Type(bool, default=False)
    #: Worker processes for the check and the rendering of log bodies (0: the CPU count).
    jobs = c.Type(int, default=0)
    #: Build the Pagefind search index and replace the theme's search worker (:mod:`site_builder.search`).
    pagefind = c.Type(bool, default=True)


class RunlogPlugin(BasePlugin[RunlogPluginConfig]):  # type: ignore[no-untyped-call]
    """Generates the log pages in memory (``on_config``/``on_files``), hands each log's body to
    MkDocs already rendered (``on_page_markdown``/``on_page_content``), sanitizes all other page
    HTML, and writes the Pagefind index (``on_post_build``)."""

    def on_config(self, config: FullConfig) -> FullConfig | None:
        """Refuse include extensions; with ``logs`` set, generate the pages and point ``docs_dir``
        at an empty folder (the pages are added in :meth:`on_files`).

        Raises:
            PluginError: a forbidden extension is configured, the log folder is unusable,
                or (``strict``) a log has error-level findings.
        """
        self.refused = []
        self.staged = None
        self.bodies_by_page: dict[str, str] = {}
        self.extra_search: list[SearchPage] = []
        self.incremental = None
        self.index_job = None
        self.digests: dict[str, str] = {}
        for name in config.markdown_extensions:
            if str(name) in FORBIDDEN_EXTENSIONS:
                raise PluginError(f"runlog: markdown extension {name} reads files; remove it from mkdocs.yml (log pages are untrusted)")
        if not self.config.logs:
            return config
        base = Path(config.config_file_path or ".").resolve().parent
        folder = (base / self.config.logs).resolve()
        cache = BodyCache(cache_path(Path(self.config.previous_site)), read=not self.config.full) if self.config.previous_site else None
        try:
            runlog_config = load_config(None, folder if folder.is_dir() else base)
            staged = stage_site(folder, runlog_config, progress=self._progress(), cache=cache, jobs=self.config.jobs or os.cpu_count() or 1)
        except RunlogError as exc:
            raise PluginError(f"runlog: {exc.format()}") from None
        finally:
            self._close_progress()
            if cache is not None:
                log.info("runlog: %d bodies rendered, %d from %s", cache.misses, cache.hits, cache.path)
                cache.close()
        site = staged.site
        log.info("runlog: %d files from %s generated", len(site.logs), folder)
        if self.config.strict and site.error_logs:
            names = ", ".join(lg.relative for lg in site.error_logs[:10])
            more = f" and {len(site.error_logs) - 10} more" if len(site.error_logs) > 10 else ""
            self.refused = [lg.relative for lg in site.error_logs]
            raise StrictRefusal(f"runlog: not publishing: {len(site.error_logs)} logs have error-level findings: {names}{more}")
        self.staged = staged
        self.bodies_by_page = dict(staged.bodies)
        if self.config.project_docs:
            source = base / self.config.project_docs
            if not source.is_dir():
                raise PluginError(f"runlog: project_docs folder not found: {source}")
        config.docs_dir = str(_docs_dir(Path(config.docs_dir)))
        if not config.nav:
            config.nav = NAV
        if not config.not_in_nav:
            config.not_in_nav = c.PathSpec().run_validation(NOT_IN_NAV)
        for extension in ("admonition", "tables"):
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        return config

    _bar: Any = None
    staged: Staged | None = None
    incremental: Incremental | None = None
    index_job: IndexJob | None = None
    #: Logs that made ``strict`` refuse the build (empty when it did not).
    refused: list[str] = []  # noqa: RUF012 - replaced per instance, never mutated

    def _progress(self) -> Any:
        if not self.config.progress or not sys.stderr.isatty():
            return None
        from tqdm import tqdm

        self._bar = tqdm(desc="runlog: reading logs", unit=" files", file=sys.stderr, leave=False)
        bar = self._bar
        return lambda _path: bar.update(1)

    def _close_progress(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def on_files(self, files: Files, /, *, config: FullConfig) -> Files | None:
        """Add the generated pages (and the project docs) as in-memory files."""
        if self.staged is None:
            return files
        for path, text in self.staged.pages.items():
            files.append(File.generated(config, path, content=text))
        if self.config.project_docs:
            base = Path(config.config_file_path or ".").resolve().parent
            for path, data in project_docs(base / self.config.project_docs).items():
                files.append(File.generated(config, "project/" + path, content=data))
        self.digests = page_digests(files)
        return files

    def on_nav(self, nav: Navigation, /, *, config: FullConfig, files: Files) -> Navigation | None:
        """With ``previous_site``, link the pages that did not change from it (pages in the nav
        excepted: their HTML shows their neighbours; so are the project docs, whose rendered
        text the search index takes)."""
        if self.staged is not None and self.config.previous_site and not self.config.full:
            self.incremental = Incremental(Path(self.config.previous_site), config)
            always = {page.file.src_uri for page in nav.pages} | {uri for uri in self.digests if uri.startswith("project/")}
            reused = self.incremental.reuse(files, self.digests, always)
            log.info("runlog: %d of %d pages taken from %s", reused, len(self.digests), self.config.previous_site)
        return nav

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: FullConfig, files: Files) -> str | None:
        """Leave every page out of the theme's own search index (Pagefind holds the text) and
        cut a log page's body out of its markdown: it was rendered once, by :mod:`site_builder.render`."""
        if self.staged is None:
            return markdown
        if self.config.pagefind:
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        if page.file.src_uri in self.bodies_by_page:
            start = markdown.rfind(BODY_OPEN)
            if start != -1:
                return markdown[:start] + BODY_PLACEHOLDER + "\n"
        return markdown

    def on_page_content(self, html: str, /, *, page: Page, config: FullConfig, files: Any) -> str | None:
        """Sanitize the page's HTML; put a log page's body (sanitized when rendered) in its place.

        Raises:
            PluginError: the sanitizer failed on this page (names the page).
        """
        try:
            cleaned = clean_html(html)
        except Exception as exc:  # noqa: BLE001 - report which page broke, without a traceback
            raise PluginError(f"runlog: cannot sanitize page {page.file.src_uri}: {exc}") from None
        body = self.bodies_by_page.get(page.file.src_uri)
        if body is not None and f"<p>{BODY_PLACEHOLDER}</p>" in cleaned:
            cleaned = cleaned.replace(f"<p>{BODY_PLACEHOLDER}</p>", BODY_OPEN + body + "\n</div>", 1)
        elif self.staged is not None and page.file.src_uri.startswith("project/"):
            self.extra_search.append(SearchPage(page.url, str(page.title or page.file.name), "project doc", "", cleaned))
        return cleaned

    @event_priority(110)
    def on_env(self, env: Any, /, *, config: FullConfig, files: Files) -> Any:
        """Before the tags plugin lists its pages: give the pages taken from the previous site
        their metadata, as if they had been read. Then start Pagefind (every page's text is
        known now), so it indexes while the theme renders the pages.

        Raises:
            PluginError: Pagefind is missing.
        """
        if self.incremental is not None:
            self.incremental.read_reused(config, files)
        if self.staged is not None and self.config.pagefind:
            try:  # Pagefind indexes while the theme renders the pages
                self.index_job = IndexJob([*search_pages(self.staged), *self.extra_search], Path(config.site_dir))
            except RunlogError as exc:
                raise PluginError(f"runlog: {exc.format()}") from None
        return env

    def on_post_build(self, *, config: FullConfig) -> None:
        """Wait for the Pagefind index, install the search worker; record the build for the next one.

        Raises:
            PluginError: Pagefind failed.
        """
        try:
            if self.index_job is not None:
                job, self.index_job = self.index_job, None
                job.finish()
                install_worker(Path(config.site_dir))
            if self.staged is not None:
                write_state(Path(config.site_dir), config, self.digests)
        except RunlogError as exc:
            raise PluginError(f"runlog: {exc.format()}") from None

    def on_shutdown(self) -> None:
        """Stop a Pagefind run a failed build left (and remove its stubs)."""
        if self.index_job is not None:
            self.index_job.cancel()
            self.index_job = None


_EMPTY_DOCS: list[Path] = []


def _docs_dir(configured: Path) -> Path:
    """The ``docs_dir`` MkDocs walks: the configured one when runlog made it (it holds
    :data:`site_builder.stage.MARKER`, as the ``docs/`` beside a ``mkdocs.yml`` that runlog
    writes does), else one empty temporary folder per process, removed when the process exits
    (``mkdocs serve`` keeps watching it between rebuilds). The pages themselves are in memory.
    """
    if (configured / MARKER).is_file() and not any(p.name != MARKER for p in configured.iterdir()):
        return configured
    if not _EMPTY_DOCS:
        folder = Path(tempfile.mkdtemp(prefix="runlog-docs-"))
        _EMPTY_DOCS.append(folder)
        atexit.register(shutil.rmtree, folder, True)
    return _EMPTY_DOCS[0]


def project_docs(source: Path) -> dict[str, bytes]:
    """The ``*.md`` files directly in ``source`` (symlinks skipped), by name, as bytes.

    These are the project's own pages (rule catalogue, benchmarks, CI, fuzzing), published
    beside the demo logs under ``project/``; they are sanitized like every other page.

    Raises:
        PluginError: ``source`` is not a folder.
    """
    if not source.is_dir():
        raise PluginError(f"runlog: project_docs folder not found: {source}")
    return {page.name: page.read_bytes() for page in sorted(source.glob("*.md")) if not page.is_symlink() and page.is_file()}


def copy_project_docs(source: Path, target: Path) -> int:
    """Copy the ``*.md`` files directly in ``source`` (symlinks skipped) into ``target``,
    rewriting only those whose bytes changed; return how many were copied.

    These are the project's own pages (rule catalogue, benchmarks, CI, fuzzing), published
    beside the demo logs; they are sanitized like every other page.

    Raises:
        PluginError: ``source`` is not a folder.
    """
    if not source.is_dir():
        raise PluginError(f"runlog: project_docs folder not found: {source}")
    target.mkdir(parents=True, exist_ok=True)
    copied = 0
    for page in sorted(source.glob("*.md")):
        if page.is_symlink() or not page.is_file():
            continue
        data = page.read_bytes()
        destination = target / page.name
        if not destination.exists() or destination.read_bytes() != data:
            destination.write_bytes(data)
        copied += 1
    return copied


__all__ = ["FORBIDDEN_EXTENSIONS", "RunlogPlugin", "RunlogPluginConfig", "StrictRefusal", "copy_project_docs", "project_docs"]
