"""Site search with Pagefind: a chunked index built from the site model, in Material's look.

Material's own search loads one JSON file holding every page's text (47 MB at 10,000 logs,
issue 15) into a lunr worker. Here the text of each log page and registry entry page goes
into a Pagefind index instead (PyPI ``pagefind[bin]``, the binary shipped in the wheel;
https://pagefind.app/docs/). A search loads only the index chunks of the words typed and
the fragments of the results shown, a few hundred KB at 10,000 pages.

How it fits the themes: the theme keeps its header search box and result list. Every page is
left out of the theme's own index (``search: exclude`` in the page meta, so Material writes a
``search_index.json`` with its configuration and no documents), and the theme's search
worker script is replaced by :data:`WORKER` (Material) which answers the theme's worker
messages from Pagefind. A result shows the page title, the log's kind and date as tags and an
excerpt of the matching text (log text, field values, error ids; not the metadata table).

:func:`write_index` writes one small HTML document per searchable page into a temporary
folder (title, kind, date, the sanitized body HTML, the error ids cited) and runs the Pagefind
binary over it with ``--output-path <site>/pagefind``.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from hooks.errors import UsageError

#: The folder of the site that holds the Pagefind bundle.
BUNDLE = "pagefind"
#: Files of Pagefind's output that no runlog page loads (its own UIs and playground).
UNUSED = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
)
#: The worker that speaks Material's search-worker protocol (site_builder/assets/).
WORKER = "search-worker.js"
#: The Pagefind process's peak resident memory in KiB (``wait4``), of the last :func:`write_index`
#: in this process; bench/site.py reports it beside runlog's own peak.
INDEXER_PEAK_KIB: list[int] = []
#: Where each theme keeps its search worker, relative to the site folder (a glob).
THEME_WORKERS = "assets/javascripts/workers/search.*.min.js"


@dataclass(frozen=True)
class SearchPage:
    """One searchable page.

    Attributes:
        url: the page's directory URL relative to the site root (``logs/a/b/``).
        title: plain title (inert; escaped again here).
        kind: the log's kind (``error-registry entry`` for registry entries).
        date: ISO date or ``""``.
        body_html: sanitized HTML of what the page shows of the log (indexed as text).
        extra: more words to index (field values, error ids), plain text.
    """

    url: str
    title: str
    kind: str
    date: str
    body_html: str
    extra: str = ""


def _meta(value: str) -> str:
    """A value safe inside Pagefind's ``data-pagefind-meta="key:value"`` (no comma, no quote)."""
    return html.escape(" ".join(value.replace(",", " ").split()), quote=True)


def stub_html(page: SearchPage) -> str:
    """The document Pagefind indexes for ``page``: title (``title`` meta), kind and date metas, text."""
    metas = f'<span data-pagefind-meta="url:{_meta(page.url)}"></span><span data-pagefind-meta="kind:{_meta(page.kind)}"></span>'
    if page.date:
        metas += f'<span data-pagefind-meta="date:{_meta(page.date)}"></span>'
    extra = f"<p>{html.escape(page.extra)}</p>" if page.extra else ""
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"></head><body>'
        f'<main data-pagefind-body>{metas}'
        f'<h1 data-pagefind-meta="title">{html.escape(page.title)}</h1>{page.body_html}{extra}</main></body></html>\n'
    )


def pagefind_executable() -> Path:
    """The Pagefind binary of the ``pagefind[bin]`` wheel (or one on ``PATH``).

    Raises:
        UsageError: no Pagefind binary is installed.
    """
    try:
        from pagefind_bin import get_executable

        found: Path | None = Path(get_executable())
    except ImportError:
        on_path = shutil.which("pagefind")
        found = Path(on_path) if on_path else None
    if found is None or not found.is_file():
        raise UsageError("site search needs Pagefind (pip install 'pagefind[bin]')")
    return found


class IndexJob:
    """A Pagefind run under way, writing ``<site_dir>/pagefind/`` while the caller goes on
    (the plugin starts it before the theme renders the pages, so both cores work).

    The stubs live in a temporary folder removed by :meth:`finish` or :meth:`cancel`.
    Pagefind runs as a child process; its peak memory (``wait4``) lands in
    :data:`INDEXER_PEAK_KIB`.

    Raises:
        UsageError: Pagefind is missing.
    """

    def __init__(self, pages: Iterable[SearchPage], site_dir: Path) -> None:
        executable = pagefind_executable()
        self.site_dir = site_dir
        self.scratch = Path(tempfile.mkdtemp(prefix="runlog-search-"))
        self.count = 0
        stubs = self.scratch / "stubs"
        self._said = self.scratch / "pagefind.log"
        try:
            stubs.mkdir()
            for page in pages:  # flat files (a folder per page costs a mkdir and an rmdir each); the URL is a meta
                (stubs / f"{self.count:06d}.html").write_text(stub_html(page), encoding="utf-8")
                self.count += 1
            if self.count == 0:  # Pagefind refuses an empty site; index one inert page so the worker still loads
                (stubs / "000000.html").write_text(stub_html(SearchPage("", "No logs", "none", "", "")), encoding="utf-8")
            self.output = site_dir / BUNDLE
            if self.output.exists():
                shutil.rmtree(self.output)
            command = [str(executable), "--site", str(stubs), "--output-path", str(self.output), "--force-language", "en", "--quiet"]
            with open(self._said, "wb") as said:
                self.process = subprocess.Popen(command, stdout=said, stderr=subprocess.STDOUT)
        except BaseException:
            shutil.rmtree(self.scratch, ignore_errors=True)
            raise

    def finish(self) -> int:
        """Wait for Pagefind; return how many pages it indexed.

        Raises:
            UsageError: Pagefind failed (its last output line is named).
        """
        try:
            _, status, usage = os.wait4(self.process.pid, 0)
            self.process.returncode = os.waitstatus_to_exitcode(status)
            INDEXER_PEAK_KIB[:] = [usage.ru_maxrss]
            text = self._said.read_text(encoding="utf-8", errors="replace")
        finally:
            shutil.rmtree(self.scratch, ignore_errors=True)
        if self.process.returncode != 0:
            last = text.strip().splitlines()[-1:] or ["no output"]
            raise UsageError(f"search index failed (pagefind exit {self.process.returncode}): {last[0][:200]}", str(self.site_dir))
        for name in UNUSED:
            (self.output / name).unlink(missing_ok=True)
        return self.count

    def cancel(self) -> None:
        """Stop Pagefind (when still running) and remove the stubs."""
        if self.process.returncode is None:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.scratch, ignore_errors=True)


def write_index(pages: Iterable[SearchPage], site_dir: Path) -> int:
    """Index ``pages`` into ``<site_dir>/pagefind/`` and wait; return how many pages were indexed.

    Raises:
        UsageError: Pagefind is missing or failed.
    """
    return IndexJob(pages, site_dir).finish()


def worker_source() -> str:
    """The text of the shipped search worker (:data:`WORKER`)."""
    return resources.files("site_builder").joinpath("assets", WORKER).read_text(encoding="utf-8")


def install_worker(site_dir: Path) -> list[Path]:
    """Replace the theme's search worker script(s) in ``site_dir`` with :data:`WORKER`; return them.

    The theme's pages load the worker by the URL in their ``__config`` element, so the file is
    replaced under its own name and no template changes.

    Raises:
        UsageError: the built site has no search worker where Material keeps it.
    """
    workers = sorted(site_dir.glob(THEME_WORKERS))
    if not workers:
        raise UsageError(f"the built site has no theme search worker ({THEME_WORKERS})", str(site_dir))
    source = worker_source()
    for path in workers:
        path.write_text(source, encoding="utf-8")
        path.with_name(path.name + ".map").unlink(missing_ok=True)
    return workers
