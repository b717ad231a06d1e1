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
