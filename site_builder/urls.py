"""Page URLs of the generated site (MkDocs' ``use_directory_urls: true``).

Links inside a page's raw HTML (a log's content, a registry entry's body) are not rewritten
by MkDocs, so they are written as the final, relative URLs these functions return.
"""

from __future__ import annotations

import posixpath


def page_url(page: str) -> str:
    """The directory URL of a docs page (``logs/a/b.md`` to ``logs/a/b/``; ``x/index.md`` to ``x/``)."""
    stem = page[: -len(".md")]
    if posixpath.basename(stem) == "index":
        stem = posixpath.dirname(stem)
    return stem + "/" if stem else ""


def relative_url(source_page: str, target_page: str) -> str:
    """The URL of ``target_page`` relative to ``source_page``'s URL (both with directory URLs)."""
    base = page_url(source_page) or "."
    target = page_url(target_page) or "."
    return posixpath.relpath(target, base).rstrip("/") + "/"


#: The site generators whose link handling :func:`html_link` knows.
ENGINES = ("mkdocs", "zensical")


def html_link(source_page: str, target_page: str, engine: str = "mkdocs") -> str:
    """The ``href`` of a link from ``source_page`` to ``target_page`` inside raw HTML
    (a log's content, a registry entry's body), for the engine that builds the site.

    MkDocs leaves raw HTML alone, so the href is the final URL (:func:`relative_url`).
    Zensical rewrites every relative href in raw HTML as a path from the page's source file
    (measured with 0.0.73 from ``a/b/p.md``: ``../t.md`` and ``../t/`` both became
    ``../../t/``), so the href is the target's ``.md`` path relative to the source file.

    Raises:
        ValueError: ``engine`` is not one of :data:`ENGINES`.
    """
    if engine == "mkdocs":
        return relative_url(source_page, target_page)
    if engine == "zensical":
        return posixpath.relpath(target_page, posixpath.dirname(source_page) or ".")
    raise ValueError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
