"""The ``runlog`` MkDocs plugin: generate the log site's pages, sanitize every page.

Thin by design (the work is in :mod:`site_builder.stage` and friends, testable without
MkDocs). Configuration in ``mkdocs.yml``::

    plugins:
      - search
      - tags
      - runlog:
          logs: examples        # the log folder, relative to mkdocs.yml
          strict: false         # true: refuse to build when a log has error-level findings

With ``logs`` set, ``on_config`` generates the pages into a staging docs folder (by default
``.runlog_site/<site_dir name>/docs`` beside the site folder) and points ``docs_dir`` at
it. Without ``logs`` the plugin only sanitizes. ``on_page_content`` sanitizes every page's
HTML with nh3 before the search plugin indexes it (``on_page_context``), so neither the
pages nor ``search/search_index.json`` carry live markup from a log.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config as OptionsBase
from mkdocs.config.defaults import MkDocsConfig as FullConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.pages import Page

from hooks.config.loader import load_config
from hooks.errors import RunlogError
from site_builder.safety import clean_html
from site_builder.stage import NAV, NOT_IN_NAV, stage

log = logging.getLogger("mkdocs.plugins.runlog")

#: Markdown extensions that read files or embed content: never run on log pages.
FORBIDDEN_EXTENSIONS = ("pymdownx.snippets", "pymdownx.b64", "markdown_include.include", "mdx_include")


class StrictRefusal(PluginError):
    """``strict`` is on and logs have error-level findings; the message names them."""


class RunlogPluginConfig(OptionsBase):  # type: ignore[no-untyped-call]
    """Options of the ``runlog`` plugin."""

    logs = c.Type(str, default="")
    staging_dir = c.Type(str, default="")
    strict = c.Type(bool, default=False)
    progress = c.Type(bool, default=False)
    #: A folder of the project's own (trusted) markdown docs, published under ``project/``.
    project_docs = c.Type(str, default="")


class RunlogPlugin(BasePlugin[RunlogPluginConfig]):  # type: ignore[no-untyped-call]
    """Generates log pages (``on_config``) and sanitizes all page HTML (``on_page_content``)."""

    def on_config(self, config: FullConfig) -> FullConfig | None:
        """Refuse include extensions; with ``logs`` set, stage the pages and point ``docs_dir`` there.

        Raises:
            PluginError: a forbidden extension is configured, the log folder is unusable,
                or (``strict``) a log has error-level findings.
        """
        self.refused = []
        for name in config.markdown_extensions:
            if str(name) in FORBIDDEN_EXTENSIONS:
                raise PluginError(f"runlog: markdown extension {name} reads files; remove it from mkdocs.yml (log pages are untrusted)")
        if not self.config.logs:
            return config
        base = Path(config.config_file_path or ".").resolve().parent
        folder = (base / self.config.logs).resolve()
        if self.config.staging_dir:
            staging = (base / self.config.staging_dir).resolve()
        else:
            site_dir = Path(config.site_dir).resolve()
            staging = site_dir.parent / ".runlog_site" / (site_dir.name or "site")
        docs = staging / "docs"
        try:
            runlog_config = load_config(None, folder if folder.is_dir() else base)
            site = stage(folder, runlog_config, docs, progress=self._progress())
        except RunlogError as exc:
            raise PluginError(f"runlog: {exc.format()}") from None
        finally:
            self._close_progress()
        log.info("runlog: %d files from %s staged in %s", len(site.logs), folder, docs)
        if self.config.strict and site.error_logs:
            names = ", ".join(lg.relative for lg in site.error_logs[:10])
            more = f" and {len(site.error_logs) - 10} more" if len(site.error_logs) > 10 else ""
            self.refused = [lg.relative for lg in site.error_logs]
            raise StrictRefusal(f"runlog: not publishing: {len(site.error_logs)} logs have error-level findings: {names}{more}")
        if self.config.project_docs:
            copy_project_docs(base / self.config.project_docs, docs / "project")
        config.docs_dir = str(docs)
        if not config.nav:
            config.nav = NAV
        if not config.not_in_nav:
            config.not_in_nav = c.PathSpec().run_validation(NOT_IN_NAV)
        for extension in ("admonition", "tables"):
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        return config

    _bar: Any = None
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

    def on_page_content(self, html: str, /, *, page: Page, config: FullConfig, files: Any) -> str | None:
        """Sanitize the page's HTML (before search indexes it).

        Raises:
            PluginError: the sanitizer failed on this page (names the page).
        """
        try:
            return clean_html(html)
        except Exception as exc:  # noqa: BLE001 - report which page broke, without a traceback
            raise PluginError(f"runlog: cannot sanitize page {page.file.src_uri}: {exc}") from None


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


__all__ = ["FORBIDDEN_EXTENSIONS", "RunlogPlugin", "RunlogPluginConfig", "StrictRefusal", "copy_project_docs"]
