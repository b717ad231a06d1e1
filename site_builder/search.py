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


def write_index(pages: Iterable[SearchPage], site_dir: Path) -> int:
    """Index ``pages`` into ``<site_dir>/pagefind/``; return how many pages were indexed.

    The stubs live in a temporary folder removed afterwards; Pagefind runs as a child
    process (its memory is its own; bench/run.py reports it beside runlog's).

    Raises:
        UsageError: Pagefind is missing or failed (its last output line is named).
    """
    executable = pagefind_executable()
    count = 0
    with tempfile.TemporaryDirectory(prefix="runlog-search-") as scratch:
        root = Path(scratch)
        for page in pages:  # flat files (a folder per page costs a mkdir and an rmdir each); the URL is a meta
            (root / f"{count:06d}.html").write_text(stub_html(page), encoding="utf-8")
            count += 1
        if count == 0:  # Pagefind refuses an empty site; index one inert page so the worker still loads
            (root / "000000.html").write_text(stub_html(SearchPage("", "No logs", "none", "", "")), encoding="utf-8")
        output = site_dir / BUNDLE
        if output.exists():
            shutil.rmtree(output)
        command = [str(executable), "--site", str(root), "--output-path", str(output), "--force-language", "en", "--quiet"]
        with tempfile.TemporaryFile() as said:
            process = subprocess.Popen(command, stdout=said, stderr=subprocess.STDOUT)
            _, status, usage = os.wait4(process.pid, 0)
            INDEXER_PEAK_KIB[:] = [usage.ru_maxrss]
            said.seek(0)
            text = said.read().decode("utf-8", "replace")
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            last = text.strip().splitlines()[-1:] or ["no output"]
            raise UsageError(f"search index failed (pagefind exit {code}): {last[0][:200]}", str(site_dir))
    for name in UNUSED:
        (output / name).unlink(missing_ok=True)
    return count


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
